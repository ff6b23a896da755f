import { alloc } from '@/testing/fixtures';
import { affectedKeys } from './affected';

describe('affectedKeys', () => {
  const morning = alloc('p-ana', 'sav-1', '2026-12-10', '08:00', '12:00');
  const afternoon = alloc('p-ana', 'sav-1', '2026-12-10', '13:00', '17:00');
  const other = alloc('p-bia', 'sav-9', '2026-12-10', '08:00', '10:00');
  const all = [morning, afternoon, other];
  const key = (a: typeof morning) => `${a.professional}|${a.room}|${a.date}|${a.start}|${a.end}`;

  it('lights the cards inside a room block, not the ones outside its hours', () => {
    const keys = affectedKeys([{ kind: 'block_room', room: 'sav-1', date: '2026-12-10', start: '07:00', end: '12:00' }], all);
    expect([...keys]).toEqual([key(morning)]);
  });

  it('lights every card of an absent person on that day', () => {
    const keys = affectedKeys([{ kind: 'mark_absent', professional: 'p-ana', date: '2026-12-10' }], all);
    expect([...keys].sort()).toEqual([key(afternoon), key(morning)].sort());
  });

  it('lights both cards of a swap and the card a move takes', () => {
    const swap = affectedKeys([{ kind: 'swap', a: morning, b: other }], all);
    expect([...swap].sort()).toEqual([key(morning), key(other)].sort());
    expect([...affectedKeys([{ kind: 'move', from: afternoon, to: { room: 'sav-9' } }], all)]).toEqual([key(afternoon)]);
  });

  it('lights a whole site on a holiday and nothing for a re-solve', () => {
    expect(affectedKeys([{ kind: 'close_site', site: 'savassi', date: '2026-12-10' }], all).size).toBe(3);
    expect(affectedKeys([{ kind: 'resolve', minimal_change: true }], all).size).toBe(0);
  });
});
