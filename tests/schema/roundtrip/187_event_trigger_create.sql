-- event triggers only SOURCE has: one on tags, one disabled, with a comment; their function comes too
--- a
create table audit_log (id bigserial primary key, tag text);
insert into audit_log (tag) values ('seed');
--- b
create table audit_log (id bigserial primary key, tag text);
create function log_ddl() returns event_trigger language plpgsql as $$ begin insert into public.audit_log (tag) values (tg_tag); end $$;
create event trigger dd_log_tables on ddl_command_end when tag in ('CREATE TABLE', 'ALTER TABLE') execute function log_ddl();
create event trigger dd_log_all on ddl_command_end execute function log_ddl();
alter event trigger dd_log_all disable;
comment on event trigger dd_log_tables is 'table changes';
