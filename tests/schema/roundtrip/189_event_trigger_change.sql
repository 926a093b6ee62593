-- an event trigger's tags change (dropped and created again) and another one is enabled again
--- a
create function noop_ddl() returns event_trigger language plpgsql as $$ begin null; end $$;
create event trigger dd_watch on ddl_command_start when tag in ('DROP TABLE') execute function noop_ddl();
create event trigger dd_quiet on ddl_command_end execute function noop_ddl();
alter event trigger dd_quiet disable;
--- b
create function noop_ddl() returns event_trigger language plpgsql as $$ begin null; end $$;
create event trigger dd_watch on ddl_command_start when tag in ('DROP TABLE', 'DROP VIEW') execute function noop_ddl();
create event trigger dd_quiet on ddl_command_end execute function noop_ddl();
