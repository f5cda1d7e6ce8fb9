import { Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';

import { CallerRole } from '../../../../contracts/caller-role.js';
import { ownOrganizationId, ownRegulatorId, type Caller } from '../../../../platform/caller.js';
import { Audience, VisibleTo } from '../../../kit/visibility.js';
import type { OrganizationsContext } from '../context.js';
import { Organization } from '../organization/organization.entity.js';
import { Regulator } from '../regulator/regulator.entity.js';

@ObjectType({ description: 'The caller: role and the organization or regulator it acts for.' })
@VisibleTo(Audience.PUBLIC)
export class Me {
  @Field(() => CallerRole) role!: CallerRole;
  @Field(() => String, { nullable: true, description: 'The token subject.' }) subject!: string | null;
  caller!: Caller;
}

@Resolver(() => Me)
export class MeResolver {
  @Query(() => Me, { description: 'Who the API takes the caller to be.' })
  @VisibleTo(Audience.PUBLIC)
  me(@Ctx() { caller }: OrganizationsContext): Me {
    return Object.assign(new Me(), {
      role: caller.role as CallerRole,
      subject: caller.role === 'PUBLIC' ? null : caller.subject,
      caller,
    });
  }

  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() me: Me, @Ctx() { loaders }: OrganizationsContext): Promise<Organization | null> | null {
    const id = ownOrganizationId(me.caller);
    return id ? loaders.organizationById.load(id) : null;
  }

  @FieldResolver(() => Regulator, { nullable: true })
  regulator(@Root() me: Me, @Ctx() { loaders }: OrganizationsContext): Promise<Regulator | null> | null {
    const id = ownRegulatorId(me.caller);
    return id ? loaders.regulatorById.load(id) : null;
  }
}
