import { nextPageFromLink } from './wordpress.client';

describe('nextPageFromLink', () => {
  const base = 'https://site.example/wp-json/wp/v2/posts?per_page=3&_embed=wp%3Aterm';

  it('reads the page of rel="next" among the relations WordPress sends', () => {
    expect(nextPageFromLink(`<${base}&page=1>; rel="prev", <${base}&page=3>; rel="next"`)).toBe(3);
    expect(nextPageFromLink(`<${base}&page=2>; rel=next`)).toBe(2);
  });

  it('has no next page without the relation or a usable page number', () => {
    expect(nextPageFromLink(null)).toBeNull();
    expect(nextPageFromLink(`<${base}&page=1>; rel="prev"`)).toBeNull();
    expect(nextPageFromLink(`<${base}&page=x>; rel="next"`)).toBeNull();
  });
});
