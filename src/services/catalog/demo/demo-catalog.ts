import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import NodeID3 from 'node-id3';
import pg from 'pg';
import type { Config } from '../../../config.ts';
import type { Logger } from '../../../log.ts';
import { importFolder } from '../import/catalog-import.ts';
import { mediaDirOf } from '../import/media-store.ts';
import { slugify } from '../import/slug.ts';
import { demoCover } from './demo-cover.ts';
import { synthesizeMp3, type Timbre } from './synth-mp3.ts';

type DemoRelease = { title: string; year: number; genres: string[]; timbre: Timbre; root: number; tracks: string[] };
type DemoArtist = { name: string; releases: DemoRelease[] };

/**
 * Made-up artists whose names show what search does: accents ("renee" finds "Renée Beauséjour",
 * "beyonce" finds "Beyoncé Marchetti") and typos ("metalicorn" finds "Métallicorn").
 */
export const DEMO_ARTISTS: DemoArtist[] = [
  {
    name: 'Métallicorn',
    releases: [
      {
        title: 'Iron Thunder',
        year: 2019,
        genres: ['Metal'],
        timbre: 'square',
        root: 40,
        tracks: ['Enter the Storm', 'Master of Anvils', 'Ride the Thunder', 'Sad but Loud'],
      },
      {
        title: 'Live at the Forge',
        year: 2022,
        genres: ['Metal', 'Rock'],
        timbre: 'bright',
        root: 43,
        tracks: ['Forge Intro', 'Hammerfall', 'One More Riff'],
      },
    ],
  },
  {
    name: 'Beyoncé Marchetti',
    releases: [
      {
        title: 'Lemon Skies',
        year: 2016,
        genres: ['Pop', 'R&B'],
        timbre: 'organ',
        root: 60,
        tracks: ['Formation Flight', 'Sorry Not Sorry', 'Halo Effect', 'Crazy in June'],
      },
    ],
  },
  {
    name: 'Chloé Fjördsson',
    releases: [
      {
        title: 'Nordlys',
        year: 2021,
        genres: ['Electronic', 'Ambient'],
        timbre: 'sine',
        root: 57,
        tracks: ['Aurora', 'Fjörd Lights', 'Snø', 'Midnight Sün', 'Glacier'],
      },
    ],
  },
  {
    name: 'Los Niños del Café',
    releases: [
      {
        title: 'Corazón Abierto',
        year: 2018,
        genres: ['Latin'],
        timbre: 'bright',
        root: 62,
        tracks: ['Mañana', 'Corazón', 'Canción del Mar', 'Fiesta en Bogotá'],
      },
    ],
  },
  {
    name: 'DJ Straße',
    releases: [
      {
        title: 'Tanzfläche',
        year: 2023,
        genres: ['Techno', 'Electronic'],
        timbre: 'square',
        root: 48,
        tracks: ['Autobahn Nights', 'Über Bass', 'Kreuzberg 4AM', 'Neon Grün'],
      },
    ],
  },
  {
    name: 'Renée Beauséjour',
    releases: [
      {
        title: 'Café de Flore',
        year: 2015,
        genres: ['Jazz'],
        timbre: 'organ',
        root: 55,
        tracks: ['Rêverie', 'Déjà Vu', 'Les Étoiles', 'Sérénade'],
      },
    ],
  },
  {
    name: 'The Quiet Coyotes',
    releases: [
      {
        title: 'Dust Road',
        year: 2012,
        genres: ['Folk', 'Country'],
        timbre: 'bright',
        root: 52,
        tracks: ['Dust Road', 'Campfire Song', 'Old Pine', 'Home Again'],
      },
    ],
  },
];

/** Bump when the generated files change, so that cached copies are made again. */
const GENERATION = 'v2';
const MAJOR = [0, 2, 4, 5, 7, 9, 11, 12];

/** A distinct four-note figure for each track: its own steps of its release's scale. */
function melody(root: number, index: number): number[] {
  return [0, 1, 2, 3].map((step) => root + MAJOR[(index * 3 + step * (index % 3 === 0 ? 2 : 1) + step) % MAJOR.length]);
}

/**
 * Writes the demo catalog's MP3 files (about 1 s of synthesis on first use) into a folder under the
 * data dir and returns it; later calls find them there.
 */
export async function ensureDemoFiles(dataDir: string): Promise<string> {
  const folder = path.join(dataDir, 'demo-catalog', GENERATION);
  if (existsSync(path.join(folder, '.complete'))) return folder;
  await rm(folder, { recursive: true, force: true });
  const building = `${folder}.building`;
  await rm(building, { recursive: true, force: true });
  for (const artist of DEMO_ARTISTS) {
    for (const release of artist.releases) {
      const dir = path.join(building, slugify(artist.name), slugify(release.title));
      await mkdir(dir, { recursive: true });
      const cover = demoCover(`${artist.name} — ${release.title}`);
      for (const [i, title] of release.tracks.entries()) {
        const audio = synthesizeMp3({ notes: melody(release.root, i), noteSeconds: 0.5, timbre: release.timbre });
        const tags = {
          title,
          artist: artist.name,
          album: release.title,
          year: String(release.year),
          trackNumber: `${i + 1}/${release.tracks.length}`,
          genre: release.genres.join(';'),
          comment: { language: 'eng', text: 'Synthesized by Mixx for its demo catalog.' },
          image: { mime: 'image/png', type: { id: 3, name: 'front cover' }, description: 'Cover', imageBuffer: cover },
        };
        const tagged = NodeID3.write(tags, audio);
        if (!Buffer.isBuffer(tagged)) throw new Error(`could not tag the demo track ${title}`);
        await writeFile(path.join(dir, `${String(i + 1).padStart(2, '0')}-${slugify(title)}.mp3`), tagged);
      }
    }
  }
  await writeFile(path.join(building, '.complete'), `${new Date().toISOString()}\n`);
  await rename(building, folder);
  return folder;
}

/**
 * On an empty catalog, imports the generated demo catalog, so that a newcomer can browse and
 * download at once. MIXX_DEMO_CATALOG=false turns it off.
 */
export async function importDemoCatalogIfEmpty(opts: { config: Config; databaseUrl: string; log: Logger }): Promise<void> {
  if (!opts.config.demoCatalog) return;
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT EXISTS (SELECT 1 FROM track) AS "hasTracks"');
    if (rows[0].hasTracks) return;
    const folder = await ensureDemoFiles(opts.config.dataDir);
    const summary = await importFolder({ folder, mediaDir: mediaDirOf(opts.config), db: client });
    opts.log.info({
      msg: 'imported the demo catalog',
      tracks: summary.added,
      skipped: summary.skipped.length,
      ms: summary.durationMs,
    });
  } finally {
    await client.end();
  }
}
