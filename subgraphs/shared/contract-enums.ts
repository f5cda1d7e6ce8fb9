import { ORGANIZATION_KIND_LABELS, OrganizationKind } from '../../contracts/organization-kind.js';
import { registerLabelledEnum } from './labelled-enum.js';

/*
 * The enums of the contracts between subgraphs, as GraphQL enums with their Thai and English
 * labels. Registered for every subgraph schema (federation.ts imports this module); a schema shows
 * only those its fields use.
 */

registerLabelledEnum(OrganizationKind, 'OrganizationKind', 'Who must report under the Cybersecurity Act 2019.', ORGANIZATION_KIND_LABELS);
