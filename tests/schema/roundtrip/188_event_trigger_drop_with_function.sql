-- an event trigger only TARGET has goes before the function it calls
--- a
create table audit_log (id bigserial primary key, tag text);
insert into audit_log (tag) values ('seed');
create function log_ddl() returns event_trigger language plpgsql as $$ begin insert into public.audit_log (tag) values (tg_tag); end $$;
create event trigger dd_log_drop on sql_drop execute function log_ddl();
--- b
create table audit_log (id bigserial primary key, tag text);
