// The one HTTP client: typed from docs/openapi.yaml (openapi-typescript), session cookie + CSRF header.
import createClient from 'openapi-fetch';
import type { components, paths } from './api-schema';

export type Schemas = components['schemas'];

function csrfToken(): string {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('csrftoken='));
  return cookie ? decodeURIComponent(cookie.slice('csrftoken='.length)) : '';
}

export const api = createClient<paths>({
  baseUrl: typeof window === 'undefined' ? '' : window.location.origin,
  credentials: 'same-origin',
  // Looked up on each call, so tests can stub the global fetch.
  fetch: (request: Request) => globalThis.fetch(request),
});

api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      request.headers.set('X-CSRFToken', csrfToken());
    }
    return request;
  },
});

/** An answer the API gave instead of what was asked; `message` is pt-BR and safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(describeBody(status, body));
    this.name = 'ApiError';
  }
}

const FIELD_NAMES: Record<string, string> = {
  non_field_errors: '',
  detail: '',
  username: 'usuário',
  password: 'senha',
  changes: 'mudanças',
  week_start: 'semana',
  time_limit: 'tempo',
};

/** A pt-BR sentence for an error body: the `detail`, or the first field error with the field named. */
export function describeBody(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    for (const [field, value] of Object.entries(record)) {
      const first = Array.isArray(value) ? value[0] : value;
      if (typeof first === 'string') {
        const name = FIELD_NAMES[field] ?? field;
        return name ? `${name}: ${first}` : first;
      }
    }
  }
  if (status === 401 || status === 403) return 'Sua sessão expirou ou seu perfil não permite esta ação.';
  if (status === 404) return 'Não encontrado.';
  if (status === 429) return 'Muitas solicitações seguidas; aguarde um pouco.';
  if (status >= 500) return 'O servidor falhou ao responder. Tente de novo em instantes.';
  if (status === 0) return 'Sem conexão com o servidor.';
  return 'Não foi possível concluir a ação.';
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call, or an ApiError carrying the body of the failed one. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, null);
  }
  if (!result.response.ok) throw new ApiError(result.response.status, result.error);
  return result.data as T;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Algo deu errado. Recarregue a página e tente de novo.';
}
