import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsResolvable, type Resolvable } from '../catalog/resolvable.ts';
import { TrackType } from '../catalog/track.type.ts';
import { Node } from '../common/node.interface.ts';
import { PageInfo } from '../common/page-info.type.ts';
import { Plan } from '../members/plan.enum.ts';

@ObjectType('DownloadTicket')
export class DownloadTicketType {
  @Field(() => String, { description: 'An absolute URL that streams the file; works without a session until it expires.' })
  url!: string;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => TrackType)
  track!: TrackType;
}

@ObjectType('Download', { implements: Node, simpleResolvers: true })
export class DownloadType implements Node {
  readonly __typename = 'Download';

  @Field(() => ID)
  id!: string;

  /** Resolved from the request's catalog loaders (graphql-js calls a function-valued field). */
  @Field(() => TrackType)
  @IsResolvable()
  track!: Resolvable<TrackType>;

  @Field(() => Date)
  requestedAt!: Date;
}

@ObjectType('DownloadEdge')
export class DownloadEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => DownloadType)
  node!: DownloadType;
}

@ObjectType('DownloadConnection')
export class DownloadConnection {
  @Field(() => [DownloadEdge])
  edges!: DownloadEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType('DownloadQuota')
export class DownloadQuotaType {
  @Field(() => Plan)
  plan!: Plan;

  @Field(() => Int, { nullable: true, description: 'Null where the plan has no limit.' })
  limit!: number | null;

  @Field(() => Int)
  used!: number;

  @Field(() => Int, { nullable: true })
  remaining!: number | null;

  @Field(() => Date, { description: 'The start of the next period (the next UTC day), also for plans without a limit.' })
  resetsAt!: Date;
}

export enum ChartPeriod {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  ALL_TIME = 'ALL_TIME',
}

registerEnumType(ChartPeriod, { name: 'ChartPeriod' });

@ObjectType('ChartEntry', { simpleResolvers: true })
export class ChartEntryType {
  @Field(() => Int)
  rank!: number;

  @Field(() => TrackType)
  @IsResolvable()
  track!: Resolvable<TrackType>;

  @Field(() => Int)
  downloads!: number;
}
