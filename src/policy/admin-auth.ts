import type { ApiKeyConfig } from '../config/config-types.ts';
import { GatewayError } from '../core/gateway-error.ts';
import { ApiKeyAuth, type Caller } from './api-key-auth.ts';

/**
 * Who may call the admin routes. With admin keys configured (`auth.admin_keys`,
 * `TOLLGATE_ADMIN_KEY`) only those (checked like API keys: hashed, constant time). Without any, the
 * admin routes are as open as the gateway itself is: open on a keyless loopback gateway (the
 * `npm start` default), refused once API keys exist — an API key never grants admin rights.
 */
export class AdminAuth {
  readonly #keys: ApiKeyAuth | undefined;
  readonly #gatewayOpen: boolean;

  constructor(adminKeys: readonly ApiKeyConfig[], gatewayOpen: boolean) {
    this.#keys = adminKeys.length === 0 ? undefined : new ApiKeyAuth(adminKeys);
    this.#gatewayOpen = gatewayOpen;
  }

  authenticate(headers: Headers): Caller {
    if (this.#keys !== undefined) return this.#keys.authenticate(headers);
    if (this.#gatewayOpen) return { keyName: 'anonymous' };
    throw new GatewayError(
      'permission_denied',
      'Admin routes need an admin key: set TOLLGATE_ADMIN_KEY or auth.admin_keys in the config.',
    );
  }
}
