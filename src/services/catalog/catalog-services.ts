import type { EntityManager } from '@mikro-orm/postgresql';
import { ArtistService } from './artist.service.ts';
import { catalogSql } from './catalog-db.ts';
import { GenreService } from './genre.service.ts';
import type { GenreDirectory } from './genre-directory.ts';
import { ReleaseService } from './release.service.ts';
import { TrackService } from './track.service.ts';

/** The catalog's services of one scope, on its prepared-statement runner. The catalog is public: no access checks. */
export class CatalogServices {
  readonly tracks: TrackService;
  readonly releases: ReleaseService;
  readonly artists: ArtistService;
  readonly genres: GenreService;

  constructor(
    em: EntityManager,
    readonly directory: GenreDirectory,
  ) {
    const sql = catalogSql(em);
    this.tracks = new TrackService(sql);
    this.releases = new ReleaseService(sql);
    this.artists = new ArtistService(sql);
    this.genres = new GenreService(sql);
  }
}
