import {
  ADVISORY_EVENT_TYPE_LABELS,
  ADVISORY_STATUS_LABELS,
  AdvisoryEventType,
  AdvisoryStatus,
  CVSS_SEVERITY_LABELS,
  CvssSeverity,
  HASH_ALGORITHM_LABELS,
  HashAlgorithm,
  INDICATOR_KIND_LABELS,
  INDICATOR_STATUS_LABELS,
  IndicatorKind,
  IndicatorStatus,
  Tlp,
  TLP_LABELS,
} from '../../contracts/advisory-vocabulary.js';
import { CALLER_ROLE_LABELS, CallerRole } from '../../contracts/caller-role.js';
import {
  ACTION_TAKEN_LABELS,
  ActionTaken,
  AFFECTED_ASSET_TYPE_LABELS,
  AffectedAssetType,
  ANNUAL_SUMMARY_STATUS_LABELS,
  AnnualSummaryStatus,
  Continuity,
  CONTINUITY_LABELS,
  DETECTED_BY_LABELS,
  DetectedBy,
  PERSONAL_DATA_TYPE_LABELS,
  PersonalDataType,
  RESPONSE_SITUATION_LABELS,
  ResponseSituation,
  SOURCE_OR_CAUSE_LABELS,
  SourceOrCause,
  Symptom,
  SYMPTOM_LABELS,
  THREAT_CATEGORY_LABELS,
  THREAT_LEVEL_LABELS,
  ThreatCategory,
  ThreatLevel,
} from '../../contracts/form-vocabulary.js';
import { ORGANIZATION_KIND_LABELS, OrganizationKind } from '../../contracts/organization-kind.js';
import { registerLabelledEnum } from './labelled-enum.js';

/*
 * The enums of the contracts between subgraphs, as GraphQL enums with their Thai and English
 * labels. Registered for every subgraph schema (federation.ts imports this module); a schema shows
 * only those its fields use. Lists a subgraph serves but no other names live here too (advisories'
 * TLP, the ก3 status, the caller's role), so that the incidents subgraph's `vocabulary` serves them.
 */

registerLabelledEnum(OrganizationKind, 'OrganizationKind', 'Who must report under the Cybersecurity Act 2019.', ORGANIZATION_KIND_LABELS);
registerLabelledEnum(ThreatLevel, 'ThreatLevel', 'Threat level (ก2 §ก4; Act §60).', THREAT_LEVEL_LABELS);
registerLabelledEnum(
  ThreatCategory,
  'ThreatCategory',
  'Threat category (ก3 §1); 2–8 are reportable, 8 is provisional, 0, 1 and 9 are counted only in the annual summary.',
  THREAT_CATEGORY_LABELS,
);
registerLabelledEnum(Continuity, 'Continuity', 'Continuity of the threat (ก1 §4, ก2 §ก3).', CONTINUITY_LABELS);
registerLabelledEnum(ResponseSituation, 'ResponseSituation', 'Response situation (ก2 §ค1); several may apply.', RESPONSE_SITUATION_LABELS);
registerLabelledEnum(ActionTaken, 'ActionTaken', 'Actions already taken (ก2 §ค2).', ACTION_TAKEN_LABELS);
registerLabelledEnum(PersonalDataType, 'PersonalDataType', 'Types of personal data leaked (ก2 §ง1.3).', PERSONAL_DATA_TYPE_LABELS);
registerLabelledEnum(Symptom, 'Symptom', 'Symptoms or anomalies observed (ก2 §ง1.4); several may apply.', SYMPTOM_LABELS);
registerLabelledEnum(AffectedAssetType, 'AffectedAssetType', 'Type of affected asset (ก3 §2).', AFFECTED_ASSET_TYPE_LABELS);
registerLabelledEnum(DetectedBy, 'DetectedBy', 'Who or what detected the threat (ก2 §ง1.2).', DETECTED_BY_LABELS);
registerLabelledEnum(SourceOrCause, 'SourceOrCause', 'Source or cause of the threat, as far as known (ก2 §ง1.2).', SOURCE_OR_CAUSE_LABELS);
registerLabelledEnum(AnnualSummaryStatus, 'AnnualSummaryStatus', 'Where an annual summary (ก3) stands.', ANNUAL_SUMMARY_STATUS_LABELS);
registerLabelledEnum(Tlp, 'Tlp', 'Traffic Light Protocol 2.0 label.', TLP_LABELS);
registerLabelledEnum(AdvisoryStatus, 'AdvisoryStatus', 'Where an advisory stands.', ADVISORY_STATUS_LABELS);
registerLabelledEnum(CvssSeverity, 'CvssSeverity', 'Qualitative severity of a CVSS base score.', CVSS_SEVERITY_LABELS);
registerLabelledEnum(AdvisoryEventType, 'AdvisoryEventType', 'What happened to an advisory.', ADVISORY_EVENT_TYPE_LABELS);
registerLabelledEnum(IndicatorKind, 'IndicatorKind', 'What an indicator of compromise is.', INDICATOR_KIND_LABELS);
registerLabelledEnum(HashAlgorithm, 'HashAlgorithm', 'The algorithm of a file hash indicator.', HASH_ALGORITHM_LABELS);
registerLabelledEnum(IndicatorStatus, 'IndicatorStatus', 'Whether an indicator is active or revoked.', INDICATOR_STATUS_LABELS);
registerLabelledEnum(CallerRole, 'CallerRole', 'Who is asking, as established from the token.', CALLER_ROLE_LABELS);
