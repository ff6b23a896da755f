import { NavLink, Outlet, useNavigate, useSearchParams } from 'react-router';
import { useLogout, type Me } from '@/api/session';
import { label, ROLE } from '@/lib/labels';

/** The frame of every screen: who is here, where they can go, and a way out. */
export function AppLayout({ me }: { me: Me }) {
  const logout = useLogout();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const week = params.get('semana');
  const keep = week ? `?semana=${week}` : '';
  return (
    <div className="app">
      <a href="#conteudo" className="skip">
        Pular para o conteúdo
      </a>
      <header className="topbar">
        <span className="brand">Agendador</span>
        {me.role !== 'profissional' && (
          <nav aria-label="Principal">
            <NavLink to={`/quadro${keep}`}>Quadro</NavLink>
            <NavLink to={`/simulacao${keep}`}>Simulação</NavLink>
            <NavLink to={`/execucoes${keep}`}>Execuções</NavLink>
          </nav>
        )}
        <span className="who">
          {me.username} · <span className="role">{label(ROLE, me.role)}</span>
        </span>
        <button type="button" className="link" onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/entrar') })}>
          Sair
        </button>
      </header>
      <main id="conteudo">
        <Outlet />
      </main>
    </div>
  );
}
