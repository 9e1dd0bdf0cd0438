import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderPolicyBody } from './policy-snapshot.ts';
import { initialPolicyTexts, lexicalDocument } from './policy-texts.ts';

const text = (value: string, format = 0) => ({
  type: 'text',
  version: 1,
  text: value,
  format,
  detail: 0,
  mode: 'normal',
  style: '',
});
const element = { version: 1, direction: 'ltr', format: '', indent: 0 };
const doc = (...children: object[]) => ({ root: { ...element, type: 'root', children } });
const paragraph = (...children: object[]) => ({ ...element, type: 'paragraph', textFormat: 0, textStyle: '', children });
const link = (url: string, label: string) => ({
  ...element,
  type: 'link',
  fields: { url, linkType: 'custom' },
  children: [text(label)],
});

describe('renderPolicyBody', () => {
  it('renders headings, paragraphs and lists as plain, attribute-free HTML with a hash of it', () => {
    const body = lexicalDocument([{ heading: 'Title' }, { paragraph: 'One & two' }, { list: ['a', 'b'] }]);
    const rendered = renderPolicyBody(body);
    expect(rendered).toEqual({
      html: '<h2>Title</h2><p>One &amp; two</p><ul><li>a</li><li>b</li></ul>',
      text: 'Title\n\nOne & two\n\na\nb',
      contentHash: createHash('sha256').update(rendered.html, 'utf8').digest('hex'),
    });
  });

  it('escapes text and turns formats into tags, never inline styles', () => {
    const { html } = renderPolicyBody(doc(paragraph(text('<b>x</b>', 1 | 2 | 8))));
    expect(html).toBe('<p><strong><em><u>&lt;b&gt;x&lt;/b&gt;</u></em></strong></p>');
  });

  it('keeps only http(s) and mailto links, without a referrer', () => {
    const { html } = renderPolicyBody(
      doc(
        paragraph(
          link('javascript:alert(1)', 'x'),
          link('https://example.org/?a=1&b="2"', 'y'),
          link('mailto:privacy@example.org', 'z'),
          link('//evil.example', 'w'),
        ),
      ),
    );
    expect(html).toBe(
      '<p>x<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer nofollow">y</a>' +
        '<a href="mailto:privacy@example.org" rel="noopener noreferrer nofollow">z</a>w</p>',
    );
  });

  it('drops uploads, blocks and unknown markup so nothing external loads', () => {
    const { html } = renderPolicyBody(
      doc(
        paragraph(text('kept')),
        { ...element, type: 'upload', value: { url: 'https://cdn.example/x.png', mimeType: 'image/png' } },
        { ...element, type: 'block', fields: { blockType: 'embed' } },
        { ...element, type: 'mystery', children: [text('inner')] },
      ),
    );
    expect(html).toBe('<p>kept</p>inner');
  });

  it('accepts the body as stored JSON text and refuses what is not Lexical', () => {
    expect(renderPolicyBody(JSON.stringify(doc(paragraph(text('x'))))).html).toBe('<p>x</p>');
    expect(() => renderPolicyBody({ nope: true })).toThrow(/not a Lexical document/);
  });
});

describe('initial policy texts', () => {
  it.each(initialPolicyTexts.map((policy) => [policy.kind, policy] as const))(
    '%s renders to a substantial, self-contained text',
    (_, policy) => {
      const { html, text: plain } = renderPolicyBody(policy.body);
      expect(plain.length).toBeGreaterThan(2000);
      expect(html).not.toMatch(/<(img|script|iframe|picture|source|style)|\sstyle=|\son\w+=/i);
    },
  );
});
