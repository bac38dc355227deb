import { htmlToText, parseWordPressPost, postKey, sanitizeContent } from './wordpress-post.parser';

const LINK = 'https://guides.example.com/2026/01/coffee-in-mitte/';

const wpPost = (overrides: Record<string, unknown> = {}) => ({
  id: 107,
  date: '2026-01-13T10:00:00',
  date_gmt: '2026-01-13T09:00:00',
  modified: '2026-01-13T10:00:00',
  modified_gmt: '2026-01-13T09:00:00',
  slug: 'coffee-in-mitte',
  status: 'publish',
  type: 'post',
  link: LINK,
  title: { rendered: 'Coffee &#038; cake in Mitte&#8217;s courtyards' },
  content: { rendered: '<p>Five roasters.</p>', protected: false },
  excerpt: { rendered: '<p>Five roasters near Alexanderplatz [&hellip;]</p>\n', protected: false },
  author: 1,
  categories: [2],
  tags: [10],
  meta: { geo_latitude: '52.5208', geo_longitude: 13.4094 },
  _embedded: {
    author: [{ id: 1, name: 'Ana &amp; Jo' }],
    'wp:term': [
      [{ id: 2, name: 'Food &amp; Drink', slug: 'food-drink', taxonomy: 'category' }],
      [
        { id: 10, name: 'Berlin', slug: 'berlin', taxonomy: 'post_tag' },
        { code: 'rest_forbidden', message: 'Sorry', data: { status: 403 } },
      ],
    ],
  },
  ...overrides,
});

describe('parseWordPressPost', () => {
  it('keeps what an article needs: plain-text title and excerpt, terms, author, GMT dates, geotag', () => {
    expect(parseWordPressPost(wpPost())).toEqual({
      id: 107,
      slug: 'coffee-in-mitte',
      url: LINK,
      title: 'Coffee & cake in Mitte’s courtyards',
      contentHtml: '<p>Five roasters.</p>',
      excerpt: 'Five roasters near Alexanderplatz […]',
      author: 'Ana & Jo',
      categories: [{ name: 'Food & Drink', slug: 'food-drink' }],
      tags: [{ name: 'Berlin', slug: 'berlin' }],
      publishedAt: new Date('2026-01-13T09:00:00Z'),
      modifiedAt: new Date('2026-01-13T09:00:00Z'),
      geo: { lat: 52.5208, lng: 13.4094 },
    });
  });

  it('ignores geo meta that is empty or out of range, and works without an embedded author', () => {
    const empty = parseWordPressPost(wpPost({ meta: { geo_latitude: '', geo_longitude: '' } }));
    expect(empty).toMatchObject({ geo: null });
    const far = parseWordPressPost(wpPost({ meta: { geo_latitude: '95', geo_longitude: '10' } }));
    expect(far).toMatchObject({ geo: null });
    const noAuthor = parseWordPressPost(wpPost({ _embedded: { 'wp:term': [[], []] } }));
    expect(noAuthor).toMatchObject({ author: null, categories: [], tags: [] });
  });

  it.each([
    [{ id: 'x' }, 'id is not a positive integer: "x"'],
    [{ date_gmt: null }, 'date_gmt is not a date: null'],
    [{ modified_gmt: '2026-01-13 09:00' }, 'modified_gmt is not a date: "2026-01-13 09:00"'],
    [{ link: '/relative' }, 'link is not a URL: "/relative"'],
    [{ title: {} }, 'title, content or excerpt has no rendered text'],
    [
      { _embedded: undefined },
      '_embedded["wp:term"] is missing (the request needs _embed=wp:term)',
    ],
  ])('rejects %j: %s', (overrides, reason) => {
    expect(parseWordPressPost(wpPost(overrides))).toEqual({ invalid: reason });
  });

  it('reads the feed position of a post', () => {
    expect(postKey(wpPost())).toEqual({ modifiedGmt: '2026-01-13T09:00:00', id: 107 });
    expect(postKey(wpPost({ modified_gmt: null }))).toBeNull();
  });
});

describe('HTML handling', () => {
  it('keeps structure, links and images; drops scripts, handlers, embeds and bad schemes', () => {
    const html =
      '<h2 class="wp-block-heading">Where</h2><p style="color:red" onclick="x()">Go <a href="/map/" target="_blank">here</a>' +
      '<script>track()</script><a href="javascript:alert(1)">win</a></p>' +
      '<iframe src="https://evil.example/"></iframe><img src="data:image/png;base64,AAA" alt="x">' +
      '<figure><img src="uploads/cafe.jpg" alt="Café" width="600" onerror="x()"></figure><style>p{}</style>';
    expect(sanitizeContent(html, LINK)).toBe(
      '<h2>Where</h2><p>Go <a href="https://guides.example.com/map/">here</a><a>win</a></p><img alt="x" />' +
        '<figure><img src="https://guides.example.com/2026/01/coffee-in-mitte/uploads/cafe.jpg" alt="Café" width="600" /></figure>',
    );
  });

  it('turns HTML into plain text: entities decoded, blocks spaced, white space collapsed', () => {
    expect(htmlToText('<p>One&nbsp;&amp;&#8230;</p><p>two<script>x()</script></p>\n')).toBe(
      'One &… two',
    );
  });
});
