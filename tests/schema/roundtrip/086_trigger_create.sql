-- trigger and its function are created
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create function touch() returns trigger language plpgsql as $$ begin new.email = lower(new.email); return new; end $$;
create trigger users_touch before insert or update on users for each row execute function touch();
