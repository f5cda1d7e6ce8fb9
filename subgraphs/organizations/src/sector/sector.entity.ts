import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { RecordEntity } from '../../../kit/record.entity.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';

/**
 * A critical-information-infrastructure sector of the Cybersecurity Act 2019 §49. Reference data
 * the law fixes (NCSA may add "others prescribed"); public, since public statistics are by sector.
 */
@ObjectType({ description: 'A CII sector of the Cybersecurity Act 2019 §49 (ภาคส่วนโครงสร้างพื้นฐานสำคัญทางสารสนเทศ).' })
@Directive('@key(fields: "id")')
@VisibleTo(Audience.PUBLIC)
@Entity({ tableName: 'sector' })
export class Sector extends RecordEntity {
  @Field(() => ID, { description: 'Stable code, e.g. BANKING_FINANCE.' })
  @PrimaryKey({ length: 40 })
  id!: string;

  @Field({ description: 'Name in Thai, as in the Act.' })
  @Property({ length: 200 })
  nameTh!: string;

  @Field({ description: 'Name in English.' })
  @Property({ length: 200 })
  nameEn!: string;
}
