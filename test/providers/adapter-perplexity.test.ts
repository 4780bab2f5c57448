import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPerplexity } from '@ai-sdk/perplexity';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import {
  assertTokenCounts,
  chunksAsSse,
  fileAnswer,
  finishPart,
  joinedDeltas,
  providerConfigFromYaml,
  type RecordedAnswer,
  ReplayTransport,
  readAllParts,
  replayOf,
  UNREPORTED,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * Perplexity (OpenAI-compatible chat with top-level `citations`), built as `provider-registry.ts`
 * builds it, fed real api.perplexity.ai recordings. No Perplexity error answer was recorded.
 */

const API_KEY = 'pplx-replay-test-key-0123456789';
const config = providerConfigFromYaml(`
providers:
  sonar:
    type: perplexity
    api_key: ${API_KEY}
`);

/** What `PROVIDER_FACTORIES.perplexity` does, on a replay transport instead of the network. */
function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  const provider = createOpenAICompatibleProvider(config, transport, {
    adapter: (settings) => createPerplexity(settings).languageModel,
  });
  return { transport, provider };
}

const json = (path: string): RecordedAnswer => fileAnswer(path, 'application/json');
const CITATIONS = [
  'https://populationstat.com/united-states/san-francisco',
  'https://en.wikipedia.org/wiki/San_Francisco',
  'https://www.california-demographics.com/cities_by_population',
  'https://wfin.com/fox-sports/pat-mcafee-says-san-francisco-wasnt-the-s-hole-he-thought-it-may-be-during-super-bowl-week/',
  'https://fred.stlouisfed.org/series/CASANF0POP',
  'https://worldpopulationreview.com/us-cities/california/san-francisco',
  'https://worldpopulationreview.com/us-counties/california/san-francisco-county',
];
describe('perplexity adapter: recordings', () => {
  test('the registry builds the same provider type; OpenAI clients pass through natively', async () => {
    const registered = PROVIDER_FACTORIES.perplexity(config);
    assert.equal(registered.type, 'perplexity');
    assert.equal(registered.nativeProtocol, 'openai-chat');
    await registered.close();
  });

  test('doGenerate, vercel-ai perplexity-text.json: text, stop, usage; bearer to /chat/completions', async () => {
    const { transport, provider } = replay(
      json('perplexity/chat-completions/vercel-ai/perplexity-text.json'),
      64,
    );
    const result = await provider
      .languageModel('sonar')
      .doGenerate({ prompt: userPrompt('Invent a holiday') });

    const text = result.content.find((part) => part.type === 'text');
    assert.ok(
      text?.type === 'text' &&
        text.text.startsWith(
          '**EcoVista Day** is a new annual holiday celebrated on the first Saturday of Oct',
        ),
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 11, noCache: 11, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 392, text: 392, reasoning: UNREPORTED },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://api.perplexity.ai');
    assert.equal(request.path, '/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
  });

  test('doGenerate, vercel-ai perplexity-citations.json: the answer text and its usage', async () => {
    const { provider } = replay(json('perplexity/chat-completions/vercel-ai/perplexity-citations.json'));
    const result = await provider
      .languageModel('sonar')
      .doGenerate({ prompt: userPrompt('Population of San Francisco?') });

    const text = result.content.find((part) => part.type === 'text');
    assert.ok(
      text?.type === 'text' &&
        text.text.startsWith("The most recent estimates for San Francisco's city population"),
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 10, noCache: 10, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 251, text: 251, reasoning: UNREPORTED },
    });
  });

  test('doGenerate, perplexity-citations.json: the seven citations become URL sources', async () => {
    const { provider } = replay(json('perplexity/chat-completions/vercel-ai/perplexity-citations.json'));
    const result = await provider
      .languageModel('sonar')
      .doGenerate({ prompt: userPrompt('Population of San Francisco?') });
    assert.deepEqual(
      result.content.flatMap((part) =>
        part.type === 'source' && part.sourceType === 'url' ? [part.url] : [],
      ),
      CITATIONS,
    );
  });

  test('doStream, vercel-ai perplexity-text.chunks.txt framed as SSE: text and the last usage', async () => {
    const { provider } = replay(
      chunksAsSse('perplexity/chat-completions/vercel-ai/perplexity-text.chunks.txt'),
      17,
    );
    const result = await provider.languageModel('sonar').doStream({ prompt: userPrompt('Invent a holiday') });
    const parts = await readAllParts(result.stream);

    assert.ok(joinedDeltas(parts, 'text-delta').startsWith('**EcoVista Day**'));
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 11, noCache: 11, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 434, text: 434, reasoning: UNREPORTED },
    });
  });

  test('doStream, perplexity-citations.chunks.txt: citations become URL sources', async () => {
    const { provider } = replay(
      chunksAsSse('perplexity/chat-completions/vercel-ai/perplexity-citations.chunks.txt'),
    );
    const result = await provider
      .languageModel('sonar')
      .doStream({ prompt: userPrompt('Population of San Francisco?') });
    const sources = (await readAllParts(result.stream)).filter((part) => part.type === 'source');
    assert.equal(sources.length, 7);
  });
});
