-- INSTEAD OF trigger on a view
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create view active_users as select id, email from users where email is not null;
--- b
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
create view active_users as select id, email from users where email is not null;
create function v_ins() returns trigger language plpgsql as $$ begin insert into users values (new.id, new.email); return new; end $$;
create trigger v_ins instead of insert on active_users for each row execute function v_ins();
