import { City } from '../cities/city.entity';
import { EngagementMember } from '../engagements/engagement-member.entity';
import { Engagement } from '../engagements/engagement.entity';
import { HistoryEntry } from '../engagements/history-entry.entity';
import { User } from '../users/user.entity';
import { AppSetting } from './app-setting.entity';

/** Every TypeORM entity of the application. */
export const ENTITIES = [AppSetting, User, City, Engagement, EngagementMember, HistoryEntry];
