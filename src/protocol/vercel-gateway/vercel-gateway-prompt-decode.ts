import type { CanonicalMessage, CanonicalPrompt, CanonicalToolResultOutput } from '../../core/canonical.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { decodeFileData } from './vercel-gateway-file-data.ts';
import type { GatewayLanguageRequest, GatewayPromptPart } from './vercel-gateway-request-schema.ts';

type Part = GatewayPromptPart;
type Content = Extract<CanonicalToolResultOutput, { type: 'content' }>['value'][number];

function invalid(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `Invalid request: ${param}: ${message}`, {
    param,
    clientCode: 'invalid_request_body',
  });
}

/** A file part with its data in the V4 shape (a data URL's media type fills a missing one). */
function filePart(part: Extract<Part, { type: 'file' }>, param: string) {
  const { data, mediaType } = decodeFileData(part.data, `${param}.data`);
  const type = part.mediaType ?? mediaType;
  if (type === undefined) throw invalid(`${param}.mediaType`, 'required');
  return { ...part, mediaType: type, data };
}

/**
 * Tool-result `content` items: the 3.x line's `file-data` / `image-data` / `file-url` /
 * `image-url` items become the V4 `file` item; text, `file` and `custom` items stay.
 */
function contentItem(item: Record<string, unknown>, param: string): Content {
  const mediaType = typeof item.mediaType === 'string' ? item.mediaType : undefined;
  switch (item.type) {
    case 'text':
      if (typeof item.text !== 'string') throw invalid(`${param}.text`, 'expected string');
      return item as Content;
    case 'custom':
      return item as Content;
    case 'file':
      return { ...item, ...decodeFile(item.data, mediaType, param) } as Content;
    case 'file-data':
    case 'image-data':
    case 'file-url':
    case 'image-url': {
      const raw = item.type.endsWith('-url') ? item.url : item.data;
      const fallbackType = item.type.startsWith('image') ? 'image/*' : 'application/octet-stream';
      const file = decodeFile(raw, mediaType ?? fallbackType, param);
      return {
        type: 'file',
        ...file,
        ...(typeof item.filename === 'string' ? { filename: item.filename } : {}),
      };
    }
    default:
      throw invalid(`${param}.type`, `unsupported tool-result content "${String(item.type)}"`);
  }
}

function decodeFile(raw: unknown, mediaType: string | undefined, param: string) {
  const decoded = decodeFileData(raw, `${param}.data`);
  const type = mediaType ?? decoded.mediaType;
  if (type === undefined) throw invalid(`${param}.mediaType`, 'required');
  return { mediaType: type, data: decoded.data };
}

function toolResultOutput(
  output: Extract<Part, { type: 'tool-result' }>['output'],
  param: string,
): CanonicalToolResultOutput {
  if (output.type !== 'content') return output as CanonicalToolResultOutput;
  const value = (output as { value?: unknown }).value;
  if (!Array.isArray(value)) throw invalid(`${param}.value`, 'expected array');
  return {
    ...output,
    type: 'content',
    value: value.map((item, index) =>
      contentItem(item as Record<string, unknown>, `${param}.value[${index}]`),
    ),
  };
}

function part(value: Part, param: string): unknown {
  switch (value.type) {
    case 'file':
      return filePart(value, param);
    case 'reasoning-file': {
      const { data } = decodeFileData(value.data, `${param}.data`);
      return { ...value, data };
    }
    case 'tool-result':
      return { ...value, output: toolResultOutput(value.output, `${param}.output`) };
    default:
      return value;
  }
}

/**
 * The prompt of a gateway request in the canonical (V4) shape. Only what differs between client
 * lines is rewritten (file data, tool-result content items); every other part is passed on as
 * sent, `providerOptions` included, so provider-specific options (cache control, …) reach the
 * upstream.
 */
export function decodeGatewayPrompt(prompt: GatewayLanguageRequest['prompt']): CanonicalPrompt {
  return prompt.map((message, index): CanonicalMessage => {
    if (message.role === 'system') return message as CanonicalMessage;
    const content = message.content.map((value, partIndex) =>
      part(value, `prompt[${index}].content[${partIndex}]`),
    );
    return { ...message, content } as CanonicalMessage;
  });
}
