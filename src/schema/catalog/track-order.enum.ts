import { registerEnumType } from 'type-graphql';

export enum TrackOrder {
  RELEVANCE = 'relevance',
  TITLE = 'title',
  NEWEST = 'newest',
  POPULAR = 'popular',
}

registerEnumType(TrackOrder, {
  name: 'TrackOrder',
  valuesConfig: {
    RELEVANCE: { description: 'Best match first when `search` is set, else newest.' },
    TITLE: { description: 'By title, ignoring case and accents.' },
    NEWEST: { description: 'Most recently added first.' },
    POPULAR: { description: 'Most downloaded first.' },
  },
});
