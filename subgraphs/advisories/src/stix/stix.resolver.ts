import { ArrayMaxSize, Max, MaxLength, Min } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import { Advisory } from '../advisory/advisory.entity.js';
import type { AdvisoriesContext } from '../context.js';
import { Indicator } from '../indicator/indicator.entity.js';
import { auditRestrictedReads, type TlpRecordRef } from '../tlp/tlp-audit.js';
import {
  collectionPage,
  collectionsFor,
  readableCollection,
  type StixEntry as StixCollectionEntry,
  type StixCollectionInfo,
  type StixPage,
} from './stix-collection.js';
import { advisoryBundle, indicatorBundle, type StixObject } from './stix.js';

@ObjectType({ description: 'A TAXII 2.1 collection: the STIX objects ThaiCERT shares under one TLP label.' })
@VisibleTo(Audience.PUBLIC)
export class StixCollection implements StixCollectionInfo {
  @Field(() => ID, { description: 'Fixed per TLP label.' }) id!: string;
  @Field(() => Tlp) tlp!: Tlp;
  @Field() title!: string;
  @Field() description!: string;
}

@ObjectType({ description: 'A STIX object of a collection, with when its current version was added (TAXII 2.1 envelope and manifest).' })
@VisibleTo(Audience.PUBLIC)
export class StixEntry implements StixCollectionEntry {
  @Field({ description: 'The STIX id.' }) id!: string;
  @Field({ description: 'The version: its `modified` (or `created`).' }) version!: string;
  @Field({ description: 'When this version was added to the collection.' }) dateAdded!: Date;
  @Field(() => GraphQLJSONObject, { description: 'The STIX 2.1 object.' }) object!: StixObject;
  source!: TlpRecordRef | null;
}

@ObjectType({ description: 'A page of a collection, as TAXII 2.1 pages: `more`, and `next` to resume from.' })
@VisibleTo(Audience.PUBLIC)
export class StixObjectPage implements StixPage {
  @Field(() => [StixEntry]) objects!: StixEntry[];
  @Field() more!: boolean;
  @Field(() => String, { nullable: true, description: 'Give it back as `next` for the following page.' }) next!: string | null;
}

@ArgsType()
class StixObjectsArgs {
  @Field(() => ID) collectionId!: string;
  @Field(() => Date, { nullable: true, description: 'Only objects added after this time.' }) addedAfter?: Date | null;
  @Field(() => String, { nullable: true, description: 'Where the previous page ended (its `next`).' }) @MaxLength(200) next?: string | null;
  @Field(() => Int, { defaultValue: 100, description: 'Page size, 1 to 1000.' }) @Min(1) @Max(1000) limit: number = 100;
  @Field(() => [String], { nullable: true, description: 'Only objects of these STIX types.' }) @ArrayMaxSize(50) types?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Only objects with these STIX ids.' }) @ArrayMaxSize(100) ids?: string[] | null;
}

@Resolver()
export class StixCollectionResolver {
  @Query(() => [StixCollection], { description: 'The TAXII collections the caller may read (one per TLP label it may read).' })
  @VisibleTo(Audience.PUBLIC)
  stixCollections(@Ctx() { caller }: AdvisoriesContext): StixCollection[] {
    return collectionsFor(caller);
  }

  @Query(() => StixCollection, {
    nullable: true,
    description: 'One collection; NOT_FOUND, UNAUTHENTICATED or FORBIDDEN when the caller may not read it.',
  })
  @VisibleTo(Audience.PUBLIC)
  stixCollection(@Arg('id', () => ID) id: string, @Ctx() { caller }: AdvisoriesContext): StixCollection {
    return readableCollection(caller, id);
  }

  @Query(() => StixObjectPage, {
    nullable: true,
    description: 'A page of a collection’s STIX objects the caller may read, oldest added first (TAXII 2.1 paging).',
  })
  @VisibleTo(Audience.PUBLIC)
  @Directive('@cost(weight: 10)')
  async stixObjects(@Args(() => StixObjectsArgs) args: StixObjectsArgs, @Ctx() context: AdvisoriesContext): Promise<StixPage> {
    const page = await collectionPage(context.em, context.caller, args.collectionId, args);
    auditRestrictedReads(
      context,
      page.objects.map((entry) => entry.source),
    );
    return page;
  }
}

@Resolver(() => Advisory)
export class AdvisoryStixResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    description:
      'The advisory as a STIX 2.1 bundle: a report tying a vulnerability per CVE, the course of action and their relationships, by ThaiCERT’s identity, under the TLP 2.0 marking definition.',
  })
  @Directive('@cost(weight: 5)')
  stix(@Root() advisory: Advisory): Record<string, unknown> {
    return advisoryBundle(advisory) as unknown as Record<string, unknown>;
  }
}

@Resolver(() => Indicator)
export class IndicatorStixResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    description:
      'The indicator as a STIX 2.1 bundle: an indicator (STIX pattern) and its sighting; the affected organization is named only at TLP:RED.',
  })
  stix(@Root() indicator: Indicator, @Ctx() context: AdvisoriesContext): Record<string, unknown> {
    auditRestrictedReads(context, [{ type: 'Indicator', id: indicator.id, tlp: indicator.tlp }]);
    return indicatorBundle(indicator) as unknown as Record<string, unknown>;
  }
}
