import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, unwrap, type Schemas } from '@/lib/api-client';

export type Me = Schemas['Me'];

export const sessionQuery = {
  queryKey: ['session'] as const,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await unwrap(api.GET('/api/auth/session/'));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
      throw error;
    }
  },
  staleTime: Infinity,
};

export function useSession() {
  return useQuery(sessionQuery);
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['LoginRequest']) => unwrap(api.POST('/api/auth/session/', { body })),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(sessionQuery.queryKey, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/auth/session/')),
    onSuccess: () => {
      client.clear();
      client.setQueryData(sessionQuery.queryKey, null);
    },
  });
}
