-- servers: 15 16 18
-- INSTEAD OF triggers on a view: one added, one whose function changes name, one dropped; a view rule dropped
--- a
create table accounts (id int primary key, name text);
insert into accounts values (1, 'x');
create view accounts_v as select id, name from accounts;
create view accounts_ro as select id from accounts;
create function accounts_v_ins() returns trigger language plpgsql as $$ begin insert into accounts values (new.id, new.name); return new; end $$;
create function accounts_v_del() returns trigger language plpgsql as $$ begin delete from accounts where id = old.id; return old; end $$;
create trigger accounts_v_del instead of delete on accounts_v for each row execute function accounts_v_del();
create trigger accounts_ro_ins instead of insert on accounts_ro for each row execute function accounts_v_ins();
create rule accounts_ro_upd as on update to accounts_ro do instead nothing;
--- b
create table accounts (id int primary key, name text);
insert into accounts values (1, 'x');
create view accounts_v as select id, name from accounts;
create view accounts_ro as select id from accounts;
create function accounts_v_ins() returns trigger language plpgsql as $$ begin insert into accounts values (new.id, new.name); return new; end $$;
create function accounts_v_del() returns trigger language plpgsql as $$ begin delete from accounts where id = old.id; return old; end $$;
create trigger accounts_v_ins instead of insert on accounts_v for each row execute function accounts_v_ins();
create trigger accounts_v_del instead of delete on accounts_v for each row execute function accounts_v_ins();
comment on trigger accounts_v_ins on accounts_v is 'the view is insertable';
