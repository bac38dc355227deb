import { WordPressSite } from '@waypost/dev-sources/wordpress';
import { createPrng } from '../pois/prng.util';
import { draftPost, generateSite } from './wordpress.generator';

describe('generateSite', () => {
  it('gives the same site for the same seed, and another for another seed', () => {
    expect(generateSite('guides', 50, 7)).toEqual(generateSite('guides', 50, 7));
    expect(generateSite('guides', 50, 7).posts).not.toEqual(generateSite('guides', 50, 8).posts);
  });

  it('tags posts with place names, ambiguous ones included, and geotags only guides', () => {
    const guides = generateSite('guides', 300, 7);
    const news = generateSite('news', 300, 7);
    const tagNames = (site: typeof guides) => {
      const names = new Map(site.tags.map((t) => [t.id, t.name]));
      return site.posts.map((p) => p.tagIds.map((id) => names.get(id)));
    };
    const guideTags = tagNames(guides);
    expect(guideTags.some((tags) => tags.includes('Paris') && tags.includes('Texas'))).toBe(true);
    expect(guideTags.some((tags) => tags.includes('Paris') && tags.includes('France'))).toBe(true);
    expect(guides.posts.filter((p) => 'geo_latitude' in p.meta).length).toBeGreaterThan(10);
    expect(news.posts.some((p) => 'geo_latitude' in p.meta)).toBe(false);
    expect(news.utcOffsetMinutes).toBe(60);
    expect(guides.posts.map((p) => p.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    for (const post of guides.posts) {
      expect(post.modifiedAt.getTime()).toBeGreaterThanOrEqual(post.publishedAt.getTime());
      expect(post.modifiedAt.getUTCMilliseconds()).toBe(0);
    }
  });

  it('drafts new posts against a running site, creating the terms it lacks', () => {
    const site = new WordPressSite({ ...generateSite('news', 0, 1), tags: [], categories: [] });
    const draft = draftPost('news', createPrng(3), (taxonomy, name) =>
      site.ensureTerm(taxonomy, name),
    );
    expect(draft.tagIds.every((id) => site.term('post_tag', id))).toBe(true);
    expect(site.term('category', draft.categoryIds[0]!)).toBeDefined();
  });
});
