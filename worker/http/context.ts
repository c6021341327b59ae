import type { Principal } from '../domain/permissions';

/** Hono's typed environment for every route: the Worker's bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    principal: Principal | null;
  };
}
