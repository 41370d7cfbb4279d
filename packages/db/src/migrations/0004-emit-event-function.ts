/**
 * @module `linkway_emit_event`: stores a webhook event and one delivery per recipient, and NOTIFYs
 * the delivery workers, called from inside the statement that makes the change. A function, not
 * common table expressions in every statement: PL/pgSQL keeps its statements' plans across calls,
 * and planning those CTEs on every request cost more than the change itself (docs/performance.md).
 * The payload comes as text and becomes jsonb only when someone receives it: most changes have no listener.
 *
 * Recipients: the one consumer `p_only_consumer_id` when it is given (a test event, whatever it
 * subscribes to), else the client's enabled consumers subscribed to the event type whose
 * companyTags filter is empty or shares a tag with `p_company_tags`. Nobody: nothing is written,
 * and the result is 0. Delivery ids come from gen_random_uuid(): how many there are is known only
 * here, and no caller sees one before it is listed.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function linkway_emit_event(
      p_client_id uuid, p_event_id uuid, p_event_type text, p_payload text, p_generated_at timestamptz,
      p_company_tags text[], p_only_consumer_id uuid, p_channel text
    ) returns integer
    language plpgsql volatile
    as $$
    declare
      recipients uuid[];
    begin
      if p_only_consumer_id is not null then
        select array_agg(id) into recipients from webhook_consumers where client_id = p_client_id and id = p_only_consumer_id;
      else
        select array_agg(id) into recipients from webhook_consumers
        where client_id = p_client_id
          and not is_disabled
          and event_types @> jsonb_build_array(p_event_type)
          and (jsonb_array_length(company_tags) = 0 or company_tags ?| p_company_tags);
      end if;
      if recipients is null then
        return 0;
      end if;
      insert into webhook_events (id, client_id, event_type, payload, generated_at)
      values (p_event_id, p_client_id, p_event_type, p_payload::jsonb, p_generated_at);
      insert into webhook_deliveries (id, client_id, consumer_id, event_id, status, attempt_count, next_attempt_at, created_at)
      select gen_random_uuid(), p_client_id, recipient, p_event_id, 'Sending', 0, p_generated_at, p_generated_at
      from unnest(recipients) as recipient;
      perform pg_notify(p_channel, '');
      return cardinality(recipients);
    end
    $$
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists linkway_emit_event(uuid, uuid, text, text, timestamptz, text[], uuid, text)`.execute(db)
}
