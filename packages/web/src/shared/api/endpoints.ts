import type {
  LoginRequest,
  LoginResponse,
  Me,
  PersonsQueryRequest,
  PersonsQueryResponse,
} from '@fpr/contract';
import { apiRequest } from './client';

/** The calls every part of the app shares, typed with the contract the server validates with. */
export const api = {
  logIn: (body: LoginRequest) =>
    apiRequest<LoginResponse>('POST', '/api/v1/auth/login', { body, isSessionCall: false }),
  logOut: () => apiRequest<null>('POST', '/api/v1/auth/logout'),
  me: () => apiRequest<Me>('GET', '/api/v1/me'),
  queryPersons: (body: PersonsQueryRequest, idempotencyKey: string) =>
    apiRequest<PersonsQueryResponse>('POST', '/api/v1/persons/query', { body, idempotencyKey }),
};
