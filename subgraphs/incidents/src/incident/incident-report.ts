import { ArrayMaxSize, IsEmail, IsOptional, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { SafeIntResolver } from 'graphql-scalars';
import { Field, Float, ID, InputType, ObjectType } from 'type-graphql';

import {
  ActionTaken,
  AffectedAssetType,
  DetectedBy,
  PersonalDataType,
  ResponseSituation,
  SourceOrCause,
  Symptom,
  ThreatCategory,
  ThreatLevel,
} from '../../../../contracts/form-vocabulary.js';
import { RestrictedRead } from '../../../kit/audit/audit-log.js';
import { AuditedRead } from '../../../kit/audit/audited-reads.js';
import { IsThaiMobileNumber, IsThaiPhoneNumber } from '../../../kit/validators.js';
import { Audience, NATIONAL_CENTRE, VisibleTo } from '../../../kit/visibility.js';

/*
 * The content of form ก2, section by section. Every field is optional: the Announcement lets an
 * organization file what it knows within 24 hours and complete the report later. Each class is
 * both the output type and the input type of its section, so the two cannot drift apart.
 */

/** Who sees an incident at all: its organization, its current regulator, ThaiCERT and NCSA. */
export const INCIDENT_READERS = [Audience.OWN_ORGANIZATION, Audience.SUPERVISING_REGULATOR, ...NATIONAL_CENTRE] as const;
/** Part 2 (section ง) also, unless the reporter withheld it from the regulator. */
export const PART_TWO_READERS = [Audience.OWN_ORGANIZATION, Audience.SUPERVISING_REGULATOR_UNLESS_WITHHELD, ...NATIONAL_CENTRE] as const;

const SHORT_TEXT = 500;
export const LONG_TEXT = 10_000;
const MAX_LIST = 50;

const text = (max: number) => [IsOptional(), MaxLength(max)];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));
const ShortText = (description?: string) =>
  apply(
    Field(() => String, { nullable: true, description }),
    ...text(SHORT_TEXT),
  );
const LongText = (description?: string) =>
  apply(
    Field(() => String, { nullable: true, description }),
    ...text(LONG_TEXT),
  );
const When = (description: string) =>
  apply(
    Field(() => Date, { nullable: true, description }),
    IsOptional(),
  );
const Count = (description: string) =>
  apply(
    Field(() => SafeIntResolver, { nullable: true, description }),
    IsOptional(),
    Min(0),
  );
const Choices = (type: object, description: string) =>
  apply(
    Field(() => [type], { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(MAX_LIST),
  );

@ObjectType('IncidentContact', { description: 'ก2 §ก2: who to contact about this incident.' })
@InputType('IncidentContactInput')
@VisibleTo(...INCIDENT_READERS)
export class IncidentContact {
  @Field(() => ID, { nullable: true, description: 'A registered point of contact, when the contact is one (see Incident.pointOfContact).' })
  @IsOptional()
  @IsUUID(undefined, { message: 'contact.pointOfContactId must be a point of contact id' })
  pointOfContactId?: string | null;

  @ShortText('Full name (ชื่อ-นามสกุล).') fullName?: string | null;
  @ShortText('Position (ตำแหน่งงาน).') position?: string | null;
  @ShortText('Organization (ชื่อหน่วยงาน).') organizationName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'contact.email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true }) @IsOptional() @IsThaiPhoneNumber() officePhone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsThaiMobileNumber() mobilePhone?: string | null;
}

@ObjectType('AffectedSystem', { description: 'ก2 §ข4: the affected computer system, service or data.' })
@InputType('AffectedSystemInput')
@VisibleTo(...INCIDENT_READERS)
export class AffectedSystem {
  @ShortText('Where the machine, data or asset is (province, sub-district, building, room).') location?: string | null;
  @ShortText('Network provider serving it.') networkProvider?: string | null;
  @ShortText('The service affected, e.g. funds transfer.') affectedService?: string | null;
  @LongText('Hardware and software affected (vendor, model).') hardwareSoftware?: string | null;
  @LongText('Impact on communications (telephone, network use).') communicationsImpact?: string | null;
  @LongText('Other details.') otherDetails?: string | null;
}

@ObjectType('PersonalDataBreach', { description: 'ก2 §ง1.3: personal data leaked or stolen.' })
@InputType('PersonalDataBreachInput')
@VisibleTo(...PART_TWO_READERS)
export class PersonalDataBreach {
  @Count('Number of data subjects.') dataSubjects?: number | null;
  @Choices(PersonalDataType, 'Types of data (select all that apply).') dataTypes?: PersonalDataType[] | null;
  @ShortText('Other type of data.') otherDataType?: string | null;
  @Count('Number of records affected.') recordsAffected?: number | null;
}

@ObjectType('IncidentImpact', { description: 'ก2 §ง1.3: impact on systems, people and data.' })
@InputType('IncidentImpactInput')
@VisibleTo(...PART_TWO_READERS)
export class IncidentImpact {
  @Count('CII systems, services or assets affected (approximately).') ciiSystemsAffected?: number | null;
  @LongText('Other important assets that may be affected.') otherAssetsAffected?: string | null;
  @Count('People affected (approximately).') peopleAffected?: number | null;

  @Field(() => Float, { nullable: true, description: 'Estimated damage in baht.' })
  @IsOptional()
  @Min(0)
  @Max(1e15)
  estimatedDamageThb?: number | null;

  @Field(() => PersonalDataBreach, { nullable: true })
  @IsOptional()
  @ValidateNested()
  personalDataBreach?: PersonalDataBreach | null;

  @LongText('Other impacts.') otherImpacts?: string | null;
}

export const CVE_ID = /^CVE-\d{4}-\d{4,7}$/;

@ObjectType('IncidentPartTwo', {
  description: 'ก2 part 2, section ง: threat details. Hidden from the regulator when the reporter restricts it to NCSA and ThaiCERT.',
})
@InputType('IncidentPartTwoInput')
@VisibleTo(...PART_TWO_READERS)
export class IncidentPartTwo {
  @When('ง1.1 When the attacker first gained access.') attackerFirstAccessAt?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'ง1.1 The first access time is unknown.' })
  @IsOptional()
  attackerFirstAccessUnknown?: boolean | null;

  @Choices(SourceOrCause, 'ง1.2 Source or cause, as far as known.') sourcesOrCauses?: SourceOrCause[] | null;
  @LongText('ง1.2 Details of the source or cause.') sourceOrCauseDetails?: string | null;
  @Choices(DetectedBy, 'ง1.2 Who or what detected it.') detectedBy?: DetectedBy[] | null;
  @ShortText('ง1.2 Details of the detection.') detectedByDetails?: string | null;
  @LongText('ง1.2 Similar problems met before.') similarEarlierProblems?: string | null;

  @Field(() => IncidentImpact, { nullable: true }) @IsOptional() @ValidateNested() impact?: IncidentImpact | null;

  @Field(() => [String], { nullable: true, description: 'ง1.4 CVE ids, e.g. CVE-2024-3400.' })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST)
  @Matches(CVE_ID, { each: true, message: 'each of partTwo.cveIds must be a CVE id such as CVE-2024-3400' })
  cveIds?: string[] | null;

  @LongText('ง1.4 The vulnerability exploited.') exploitedVulnerability?: string | null;
  @LongText('ง1.4 Use of the affected system as a base to attack others.') usedAsPivot?: string | null;
  @Choices(Symptom, 'ง1.4 Symptoms or anomalies (select all that apply).') symptoms?: Symptom[] | null;
  @ShortText('ง1.4 Other anomaly.') otherSymptom?: string | null;
  @LongText('ง1.5 Chronology from the first attack until now (vectors, techniques, tools).') attackTimeline?: string | null;
  @LongText('ง1.6 Other findings.') otherFindings?: string | null;
  @LongText('ง2.1 What was done to resolve it.') remediationDetails?: string | null;
  @LongText('ง2.2 Recovery forecast: resources needed and time.') recoveryForecast?: string | null;
  @When('ง3.1 When the incident ended.') endedAt?: Date | null;
  @LongText('ง3.2 Actions to prevent recurrence.') preventionActions?: string | null;
  @LongText('ง3.3 Lessons learned.') lessonsLearned?: string | null;
}

@ObjectType('IncidentReport', { description: 'The content of form ก2 as of one revision.' })
@InputType('IncidentReportInput', {
  description: 'A full or partial ก2 report: omitted fields stay as they were, null clears one, lists are replaced whole.',
})
@VisibleTo(...INCIDENT_READERS)
export class IncidentReport {
  // Section ก
  @ShortText('Unit responsible for following up the incident (ถ้ามี).') trackingUnit?: string | null;
  @ShortText('ก1 Name of the affected unit, when not the whole organization.') affectedUnitName?: string | null;
  @ShortText('ก1 Address of the affected organization or unit.') affectedUnitAddress?: string | null;
  @Field(() => IncidentContact, { nullable: true }) @IsOptional() @ValidateNested() contact?: IncidentContact | null;

  @Field(() => Boolean, { nullable: true, description: 'ก4 The affected system is critical to the main mission.' })
  @IsOptional()
  criticalToMission?: boolean | null;

  @Field(() => ThreatLevel, { nullable: true, description: 'ก4 Threat level as reported (Act §60).' })
  @IsOptional()
  severity?: ThreatLevel | null;

  // Section ข
  @When('ข1 When the threat occurred.') occurredAt?: Date | null;
  @When('ข1 When the organization became aware of it.') detectedAt?: Date | null;
  @When('ข2 When the regulator was notified; null: not yet.') regulatorNotifiedAt?: Date | null;
  @Choices(ThreatCategory, 'ข3 Threat categories (2–8; several may apply).') categories?: ThreatCategory[] | null;
  @ShortText('ข3 Other category (specify).') otherCategory?: string | null;
  @Field(() => AffectedSystem, { nullable: true }) @IsOptional() @ValidateNested() affectedSystem?: AffectedSystem | null;
  @Choices(AffectedAssetType, 'Affected asset types (for the annual summary ก3 §2).') affectedAssetTypes?: AffectedAssetType[] | null;

  // Section ค
  @Choices(ResponseSituation, 'ค1 Response situation (several may apply).') responseSituations?: ResponseSituation[] | null;
  @ShortText('ค1 Other situation (specify).') otherResponseSituation?: string | null;
  @Choices(ActionTaken, 'ค2 Actions already taken.') actionsTaken?: ActionTaken[] | null;
  @LongText('ค2 Further remediation details.') actionDetails?: string | null;
  @LongText('ค3 Other response details.') otherResponseDetails?: string | null;

  // Section ง (part 2)
  @Field(() => IncidentPartTwo, { nullable: true })
  @AuditedRead(RestrictedRead.INCIDENT_PART_TWO)
  @IsOptional()
  @ValidateNested()
  partTwo?: IncidentPartTwo | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Part 2 is for NCSA and ThaiCERT only: the regulator does not see it (the Announcement, confidentiality policy).',
  })
  @IsOptional()
  partTwoRestricted?: boolean | null;
}
