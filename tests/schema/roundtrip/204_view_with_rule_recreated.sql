-- servers: 15 16 18
-- a view with a rule and an INSTEAD OF trigger is dropped and created again (a column is removed): both come back
--- a
create table items (id int primary key, name text, price numeric);
insert into items values (1, 'a', 2);
create view items_v as select id, name, price from items;
create function items_v_ins() returns trigger language plpgsql as $$ begin insert into items (id, name) values (new.id, new.name); return new; end $$;
create trigger items_v_ins instead of insert on items_v for each row execute function items_v_ins();
create rule items_v_del as on delete to items_v do instead delete from items where id = old.id;
--- b
create table items (id int primary key, name text, price numeric);
insert into items values (1, 'a', 2);
create view items_v as select id, name from items;
create function items_v_ins() returns trigger language plpgsql as $$ begin insert into items (id, name) values (new.id, new.name); return new; end $$;
create trigger items_v_ins instead of insert on items_v for each row execute function items_v_ins();
create rule items_v_del as on delete to items_v do instead delete from items where id = old.id;
