import packageJson from '../../package.json' with { type: 'json' };

/** The running version, from package.json (one source of truth). */
export const VERSION: string = packageJson.version;
