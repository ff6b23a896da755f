// The drop target under a moving card, kept outside React state so a pointer move re-renders only the hint.
import { useSyncExternalStore } from 'react';

export type DropTarget = {
  room: string;
  roomName: string;
  date: string;
  start: number;
  end: number;
} | null;

let current: DropTarget = null;
const listeners = new Set<() => void>();

export const dropHint = {
  set(target: DropTarget) {
    if (
      target === current ||
      (target && current && target.room === current.room && target.date === current.date && target.start === current.start && target.end === current.end)
    ) {
      return;
    }
    current = target;
    listeners.forEach((l) => l());
  },
  get: () => current,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useDropHint(): DropTarget {
  return useSyncExternalStore(dropHint.subscribe, dropHint.get, dropHint.get);
}
