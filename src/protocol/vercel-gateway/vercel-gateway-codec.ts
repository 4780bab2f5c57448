import {
  type CanonicalGenerateResult,
  type CanonicalStreamPart,
  type CanonicalWarning,
  usageFromCanonical,
} from '../../core/canonical.ts';
import type { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
import type { CanonicalProtocolCodec } from '../canonical/canonical-call.ts';
import type { CanonicalStreamEncoder } from '../canonical/canonical-stream-body.ts';
import { vercelGatewayStreamErrorPart } from './vercel-gateway-error-format.ts';
import { type GatewayMetadataSource, gatewayMetadata } from './vercel-gateway-metadata.ts';
import type { GatewaySpecVersion } from './vercel-gateway-spec-version.ts';
import { wireFinishReason, wirePart, wireUsage } from './vercel-gateway-wire-parts.ts';

type ProviderMetadata = Record<string, Record<string, unknown>>;

/** The first part of an answer's content: the one that carries the generation id early. */
const CONTENT_STARTS = new Set([
  'text-start',
  'reasoning-start',
  'tool-input-start',
  'tool-call',
  'file',
  'source',
]);

function withGateway(metadata: unknown, gateway: Record<string, unknown>): ProviderMetadata {
  const merged: ProviderMetadata = { ...(metadata as ProviderMetadata | undefined) };
  merged.gateway = { ...merged.gateway, ...gateway };
  return merged;
}

function defined<Value>(value: Value | undefined): value is Value {
  return value !== undefined;
}

/**
 * The AI SDK gateway protocol's answers: a non-streamed call is the `LanguageModelV3/V4` generate
 * result as JSON (`content`, object `finishReason`, nested `usage`, `providerMetadata.gateway`);
 * a stream is one `data: <part>` event per stream part, the generation id on the first content
 * part and the full gateway metadata (routing, cost) on `finish`, ended by closing the response.
 * @see ../../../docs/vercel-gateway.md
 */
export function createGatewayCodec(
  source: GatewayMetadataSource,
  version: GatewaySpecVersion,
  includeRawChunks: boolean,
): CanonicalProtocolCodec {
  return {
    encodeResponse(result: CanonicalGenerateResult, publicModel: string): { body: string; usage: Usage } {
      const usage = usageFromCanonical(result.usage);
      const body = {
        content: result.content.map((part) => wirePart(part, version)).filter(defined),
        finishReason: wireFinishReason(result.finishReason, version),
        usage: wireUsage(result.usage, version),
        providerMetadata: withGateway(result.providerMetadata, gatewayMetadata(source, usage)),
        warnings: result.warnings,
        response: { id: source.record.generationId, modelId: publicModel },
      };
      return { body: JSON.stringify(body), usage };
    },
    createStreamEncoder(publicModel: string, warnings: readonly CanonicalWarning[]): CanonicalStreamEncoder {
      return new GatewayStreamEncoder(source, version, includeRawChunks, publicModel, warnings);
    },
  };
}

class GatewayStreamEncoder implements CanonicalStreamEncoder {
  readonly #source: GatewayMetadataSource;
  readonly #version: GatewaySpecVersion;
  readonly #includeRaw: boolean;
  readonly #publicModel: string;
  readonly #warnings: readonly CanonicalWarning[];
  #started = false;
  #metadataSent = false;
  #contentStarted = false;

  constructor(
    source: GatewayMetadataSource,
    version: GatewaySpecVersion,
    includeRaw: boolean,
    publicModel: string,
    warnings: readonly CanonicalWarning[],
  ) {
    this.#source = source;
    this.#version = version;
    this.#includeRaw = includeRaw;
    this.#publicModel = publicModel;
    this.#warnings = warnings;
  }

  part(part: CanonicalStreamPart): string {
    let head = '';
    if (!this.#started) {
      this.#started = true;
      const upstream = part.type === 'stream-start' ? part.warnings : [];
      head = event({ type: 'stream-start', warnings: [...this.#warnings, ...upstream] });
      if (part.type === 'stream-start') return head;
    }
    return head + this.#encode(part);
  }

  #encode(part: CanonicalStreamPart): string {
    switch (part.type) {
      case 'stream-start':
        return '';
      case 'raw':
        return this.#includeRaw ? event(part) : '';
      case 'ping':
        return ': ping\n\n';
      case 'response-metadata':
        if (this.#metadataSent) return '';
        this.#metadataSent = true;
        return event({
          type: 'response-metadata',
          id: this.#source.record.generationId,
          modelId: this.#publicModel,
          timestamp: part.timestamp ?? new Date(),
        });
      case 'finish': {
        const usage = usageFromCanonical(part.usage);
        return event({
          type: 'finish',
          finishReason: wireFinishReason(part.finishReason, this.#version),
          usage: wireUsage(part.usage, this.#version),
          providerMetadata: withGateway(part.providerMetadata, gatewayMetadata(this.#source, usage)),
        });
      }
      default: {
        let value: unknown = part;
        if (!this.#contentStarted && CONTENT_STARTS.has(part.type)) {
          this.#contentStarted = true;
          const early = { generationId: this.#source.record.generationId };
          value = {
            ...part,
            providerMetadata: withGateway((part as { providerMetadata?: unknown }).providerMetadata, early),
          };
        }
        const wire = wirePart(value as CanonicalStreamPart, this.#version);
        return wire === undefined ? '' : event(wire);
      }
    }
  }

  end(): string {
    return '';
  }

  error(error: GatewayError): string {
    return vercelGatewayStreamErrorPart(error, this.#source.record.generationId);
  }
}

function event(part: unknown): string {
  return `data: ${JSON.stringify(part)}\n\n`;
}
