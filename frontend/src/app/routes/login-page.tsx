import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useLogin } from '@/api/session';
import { ErrorBox } from '@/components/status';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('proxima');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => navigate(next && next.startsWith('/') && !next.startsWith('/entrar') ? next : '/', { replace: true }) });
  };
  return (
    <main className="login" id="conteudo">
      <form onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Agendador</h1>
        <p>Salas e profissionais da clínica, semana a semana.</p>
        <label>
          Usuário
          <input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        </label>
        <label>
          Senha
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {login.isError && <ErrorBox error={login.error} />}
        <button type="submit" className="primary" disabled={login.isPending}>
          {login.isPending ? 'Entrando…' : 'Entrar'}
        </button>
      </form>
    </main>
  );
}
