-- a constraint trigger
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create function touch() returns trigger language plpgsql as $$ begin new.email = lower(new.email); return new; end $$;
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create function touch() returns trigger language plpgsql as $$ begin new.email = lower(new.email); return new; end $$;
create constraint trigger users_ct after insert on users deferrable initially deferred for each row execute function touch();
