import { Arg, Ctx, Directive, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { assertGregorianYear } from '../../../kit/gregorian-year.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { AdvisoriesContext } from '../context.js';
import { Advisory } from './advisory.entity.js';
import { csafTlpLabel, publishedAt, releasedFor, type CsafPublication } from './csaf-provider.js';

const TLP_ARGUMENT = "CSAF 2.0's TLP label: WHITE (our CLEAR), GREEN, AMBER (AMBER and AMBER+STRICT) or RED.";

@ObjectType({
  description:
    'A released advisory as ThaiCERT publishes it as a CSAF trusted provider: the exact document text at its URL, and the hash files and OpenPGP signature over those bytes.',
})
@VisibleTo(Audience.PUBLIC)
export class CsafDocument {
  @Field({ description: "CSAF's TLP label: the provider folder and feed it is in (WHITE, GREEN, AMBER, RED)." }) tlp!: string;
  @Field({ description: 'Its URL, also its `self` reference: `<PUBLIC_BASE_URL>/.well-known/csaf/<tlp>/<year>/<tracking id>.json`.' })
  url!: string;
  @Field({ description: 'Within its TLP folder, as index.txt and changes.csv list it: `2026/th-cert-2026-0001.json`.' }) path!: string;
  @Field({ description: 'The CSAF 2.0 document, exactly as served (UTF-8 JSON).' }) text!: string;
  @Field({ description: 'The `.sha256` file: the hex SHA-256 of text, two spaces, the file name.' }) sha256!: string;
  @Field({ description: 'The `.sha512` file, as sha256.' }) sha512!: string;
  @Field({ description: "The `.asc` file: a detached ASCII-armored OpenPGP signature over text by ThaiCERT's key." }) signature!: string;
}

@ObjectType({ description: 'ThaiCERT as a CSAF 2.0 trusted provider (§7): the documents the gateway serves under /.well-known/csaf/.' })
@VisibleTo(Audience.PUBLIC)
export class CsafProviderInfo {}

@Resolver(() => CsafProviderInfo)
export class CsafProviderResolver {
  @Query(() => CsafProviderInfo, { description: 'ThaiCERT as a CSAF 2.0 trusted provider: its metadata, key, ROLIE feeds and indexes.' })
  @VisibleTo(Audience.PUBLIC)
  csafProvider(): CsafProviderInfo {
    return new CsafProviderInfo();
  }

  @Query(() => Advisory, {
    nullable: true,
    description: 'The released advisory published at `<tlp>/<year>/<name>.json`; null when there is none the caller may read.',
  })
  @VisibleTo(Audience.PUBLIC)
  csafAdvisory(
    @Arg('tlp', { description: TLP_ARGUMENT }) tlp: string,
    @Arg('year', () => Int, { description: 'The (Gregorian) year of its initial release, its folder.' }) year: number,
    @Arg('name', { description: 'The file name without `.json`: the tracking id lower-cased.' }) name: string,
    @Ctx() { em, caller, csaf }: AdvisoriesContext,
  ): Promise<Advisory | null> {
    assertGregorianYear(year, new Date());
    return publishedAt(em, caller, csaf, { tlp: csafTlpLabel(tlp), year, name });
  }

  @FieldResolver(() => String, { description: '`provider-metadata.json` (CSAF 2.0 §7.1.7), role csaf_trusted_provider.' })
  metadata(@Ctx() { csaf }: AdvisoriesContext): string {
    return csaf.metadata();
  }

  @FieldResolver(() => String, { description: "ThaiCERT's OpenPGP key fingerprint, upper-case hex." })
  fingerprint(@Ctx() { csaf }: AdvisoriesContext): string {
    return csaf.key.fingerprint;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "ThaiCERT's public OpenPGP key, ASCII-armored, when `fingerprint` is its fingerprint (any case); null otherwise.",
  })
  publicKey(@Arg('fingerprint') fingerprint: string, @Ctx() { csaf }: AdvisoriesContext): string | null {
    return fingerprint.toUpperCase() === csaf.key.fingerprint ? csaf.key.armoredPublicKey : null;
  }

  @FieldResolver(() => String, { description: 'The ROLIE service document (§7.1.16) listing the feeds.' })
  serviceDocument(@Ctx() { csaf }: AdvisoriesContext): string {
    return csaf.serviceDocument();
  }

  @FieldResolver(() => String, {
    description:
      "The label's ROLIE feed (§7.1.15): every released advisory of it the caller may read under TLP, latest change first. Beyond WHITE: UNAUTHENTICATED without a token.",
  })
  @Directive('@cost(weight: 10)')
  async feed(@Arg('tlp', { description: TLP_ARGUMENT }) tlp: string, @Ctx() ctx: AdvisoriesContext): Promise<string> {
    const label = csafTlpLabel(tlp);
    return ctx.csaf.feed(await releasedFor(ctx.em, ctx.caller, label, ctx.audit), label);
  }

  @FieldResolver(() => String, { description: "The label's `index.txt` (§7.1.12): as feed, one document path a line." })
  @Directive('@cost(weight: 10)')
  async index(@Arg('tlp', { description: TLP_ARGUMENT }) tlp: string, @Ctx() ctx: AdvisoriesContext): Promise<string> {
    return ctx.csaf.index(await releasedFor(ctx.em, ctx.caller, csafTlpLabel(tlp), ctx.audit));
  }

  @FieldResolver(() => String, {
    description: "The label's `changes.csv` (§7.1.13): as feed, path and current_release_date, latest first.",
  })
  @Directive('@cost(weight: 10)')
  async changes(@Arg('tlp', { description: TLP_ARGUMENT }) tlp: string, @Ctx() ctx: AdvisoriesContext): Promise<string> {
    return ctx.csaf.changes(await releasedFor(ctx.em, ctx.caller, csafTlpLabel(tlp), ctx.audit));
  }
}

@Resolver(() => Advisory)
export class AdvisoryCsafDocumentResolver {
  @FieldResolver(() => CsafDocument, {
    nullable: true,
    description: 'The advisory as ThaiCERT publishes it as a CSAF trusted provider (text, hashes, signature); null for a draft.',
  })
  @Directive('@cost(weight: 5)') // a whole document, signed once per revision
  async csafDocument(@Root() advisory: Advisory, @Ctx() { csaf, loaders }: AdvisoriesContext): Promise<CsafPublication | null> {
    return csaf.publication(advisory, () => loaders.revisionsByAdvisory.load(advisory.id));
  }
}
