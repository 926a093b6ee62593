-- a trigger dropped and created again around a column type change, while an index is built
-- concurrently (its own step): the trigger is dropped and created in one transaction
--- a
create table events (id int primary key, kind text, n int, touched timestamptz);
insert into events values (1, 'a', 1, null);
create function touch() returns trigger language plpgsql as $$ begin new.touched = now(); return new; end $$;
create trigger events_touch before update of n on events for each row execute function touch();
--- b
create table events (id int primary key, kind text, n bigint, touched timestamptz);
create function touch() returns trigger language plpgsql as $$ begin new.touched = now(); return new; end $$;
create trigger events_touch before update of n on events for each row execute function touch();
create index events_kind_idx on events (kind);
