import { findEndpoint } from '../providers/provider-endpoints.ts';
import type { ConfigIssue } from './config-error.ts';
import type { ConfigFileProvider } from './config-schema.ts';
import type { CloudSettings } from './config-types.ts';

/** Where a provider instance is, how it authenticates, and its cloud settings, resolved. */
export interface ResolvedEndpoint {
  preset: string | undefined;
  baseUrl: string;
  apiKey: string | undefined;
  cloud: CloudSettings;
}

/** Types whose endpoint comes from their own name in `PROVIDER_ENDPOINTS`. */
const NAMED_TYPES = new Set([
  'openai',
  'anthropic',
  'google',
  'mistral',
  'cohere',
  'deepseek',
  'xai',
  'groq',
  'perplexity',
  'togetherai',
  'fireworks',
  'openrouter',
]);

const unset = (value: string | undefined): boolean => value === undefined || value === '';

/**
 * Fills a provider's base URL, key and cloud settings from its type or preset and the
 * environment, and reports what is missing — at start, with the config path, not at the first
 * call. Bedrock and Vertex authenticate with cloud credentials instead of an API key.
 */
export function resolveEndpoint(
  at: string,
  raw: ConfigFileProvider,
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
): ResolvedEndpoint {
  const presetName = raw.preset ?? (NAMED_TYPES.has(raw.type) ? raw.type : undefined);
  const endpoint = presetName === undefined ? undefined : findEndpoint(presetName);
  if (raw.preset !== undefined && endpoint === undefined)
    issues.push({ path: `${at}.preset`, message: `unknown preset "${raw.preset}"` });
  const cloud: CloudSettings = {
    region: raw.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    accessKeyId: raw.access_key_id ?? env.AWS_ACCESS_KEY_ID,
    secretAccessKey: raw.secret_access_key ?? env.AWS_SECRET_ACCESS_KEY,
    sessionToken: raw.session_token ?? env.AWS_SESSION_TOKEN,
    project: raw.project ?? env.GOOGLE_VERTEX_PROJECT,
    location: raw.location ?? env.GOOGLE_VERTEX_LOCATION,
    credentialsFile: raw.credentials_file ?? env.GOOGLE_APPLICATION_CREDENTIALS,
    apiVersion: raw.api_version,
  };
  let baseUrl = raw.base_url ?? endpoint?.baseUrl;
  let apiKey = raw.api_key ?? raw.api_keys?.[0];
  const keyEnv = endpoint?.apiKeyEnv;
  if (unset(apiKey) && keyEnv !== undefined) apiKey = env[keyEnv];

  switch (raw.type) {
    case 'simulator':
      baseUrl ??= 'http://simulator.internal/v1';
      break;
    case 'bedrock':
      if (unset(cloud.region))
        issues.push({ path: `${at}.region`, message: 'required for bedrock (or set AWS_REGION)' });
      apiKey = unset(apiKey) ? env.AWS_BEARER_TOKEN_BEDROCK : apiKey;
      if (unset(apiKey) && (unset(cloud.accessKeyId) || unset(cloud.secretAccessKey))) {
        issues.push({
          path: `${at}.access_key_id`,
          message: 'give access_key_id and secret_access_key (or AWS_* variables), or api_key',
        });
      }
      baseUrl ??= `https://bedrock-runtime.${cloud.region ?? 'us-east-1'}.amazonaws.com`;
      break;
    case 'vertex':
      apiKey = unset(apiKey) ? env.GOOGLE_VERTEX_API_KEY : apiKey;
      if (unset(apiKey) && (unset(cloud.project) || unset(cloud.location))) {
        issues.push({
          path: `${at}.project`,
          message:
            'give project and location (or GOOGLE_VERTEX_PROJECT/LOCATION), or api_key for express mode',
        });
      }
      baseUrl ??= `https://${cloud.location === 'global' || cloud.location === undefined ? '' : `${cloud.location}-`}aiplatform.googleapis.com/v1/projects/${cloud.project}/locations/${cloud.location}`;
      break;
    case 'azure':
      apiKey = unset(apiKey) ? env.AZURE_API_KEY : apiKey;
      if (baseUrl === undefined && raw.resource_name !== undefined)
        baseUrl = `https://${raw.resource_name}.openai.azure.com/openai/v1`;
      if (unset(apiKey))
        issues.push({ path: `${at}.api_key`, message: 'not set: give api_key or set AZURE_API_KEY' });
      break;
    default:
      if (keyEnv !== undefined && unset(apiKey))
        issues.push({ path: `${at}.api_key`, message: `not set: give api_key or set ${keyEnv}` });
  }
  if (baseUrl === undefined) {
    issues.push({
      path: `${at}.base_url`,
      message:
        raw.type === 'azure'
          ? 'required for azure (or give resource_name)'
          : `required for type ${raw.type} (or give a preset)`,
    });
    baseUrl = 'http://invalid.internal';
  }
  return {
    preset: presetName,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiKey: unset(apiKey) ? undefined : apiKey,
    cloud,
  };
}
