import { Embedded, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { v7 as uuidv7 } from 'uuid';

import { OrganizationKind } from '../../../../contracts/organization-kind.js';
import { RecordEntity } from '../../../kit/record.entity.js';
import { Audience, VisibleTo, type Scoped, type ScopeOwner } from '../../../kit/visibility.js';
import { Regulator } from '../regulator/regulator.entity.js';
import { Sector } from '../sector/sector.entity.js';
import { Address } from './address.js';

/** A government agency or CII organization that must report cyber threats. */
@ObjectType({ description: 'A government agency or CII organization that reports cyber threats.' })
@Directive('@key(fields: "id")')
@VisibleTo(Audience.SIGNED_IN)
@Entity({ tableName: 'organization' })
@Index({ name: 'organization_name_en_id_idx', properties: ['nameEn', 'id'] })
export class Organization extends RecordEntity<'registeredAt'> implements Scoped {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Field({ description: 'Name in Thai.' })
  @Property({ length: 300 })
  nameTh!: string;

  @Field({ description: 'Name in English.' })
  @Property({ length: 300 })
  nameEn!: string;

  @Field(() => OrganizationKind)
  @Enum({ items: () => OrganizationKind })
  kind!: OrganizationKind;

  /** Required for CII organizations; a government agency outside the CII sectors has none. */
  @ManyToOne(() => Sector, { nullable: true, index: true })
  sector?: Sector | null;

  /** The regulator that currently supervises this organization. */
  @ManyToOne(() => Regulator, { nullable: true, index: true })
  regulator?: Regulator | null;

  @Field(() => String, { nullable: true, description: 'Mission or service (ด้านภารกิจหรือบริการ).' })
  @Property({ type: 'text', nullable: true })
  missionDescription?: string | null;

  /** Served by OrganizationResolver.address, which gives it the organization's id. */
  @Embedded(() => Address, { prefix: 'address_', nullable: true })
  address?: Address | null;

  @Field({ description: 'When the organization was registered (UTC).' })
  get registeredAt(): Date {
    return this.createdAt;
  }

  scopeOwner(): ScopeOwner {
    return { organizationId: this.id, regulatorId: this.regulator?.id ?? null };
  }
}
