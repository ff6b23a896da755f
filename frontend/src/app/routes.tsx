import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from '@/api/session';
import { ErrorBox, Loading } from '@/components/status';
import { AppLayout } from './layout';
import { BoardPage } from './routes/board-page';
import { DiffPage } from './routes/diff-page';
import { LoginPage } from './routes/login-page';
import { MyWeekPage } from './routes/my-week-page';
import { RunsPage } from './routes/runs-page';
import { WhatIfPage } from './routes/what-if-page';

export function AppRoutes() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading label="Abrindo o Agendador…" />;
  if (session.isError) return <ErrorBox error={session.error} />;
  const me = session.data;
  if (!me) {
    return (
      <Routes>
        <Route path="/entrar" element={<LoginPage />} />
        <Route path="*" element={<Navigate to={`/entrar?proxima=${encodeURIComponent(location.pathname + location.search)}`} replace />} />
      </Routes>
    );
  }
  const home = me.role === 'profissional' ? '/minha-semana' : '/quadro';
  return (
    <Routes>
      <Route element={<AppLayout me={me} />}>
        {me.role === 'profissional' ? (
          <Route path="/minha-semana" element={<MyWeekPage me={me} />} />
        ) : (
          <>
            <Route path="/quadro" element={<BoardPage me={me} />} />
            <Route path="/simulacao" element={<WhatIfPage me={me} />} />
            <Route path="/diferencas" element={<DiffPage me={me} />} />
            <Route path="/execucoes" element={<RunsPage />} />
          </>
        )}
        <Route path="*" element={<Navigate to={home} replace />} />
      </Route>
    </Routes>
  );
}
