-- servers: 15 16 18
-- triggers on foreign tables: added (with a function only SOURCE has), changed, disabled and commented, dropped; a
-- new foreign table and one that moves to another server (dropped and created again) carry theirs
--- a
create foreign data wrapper dd_wrapper;
create server dd_one foreign data wrapper dd_wrapper;
create server dd_two foreign data wrapper dd_wrapper;
create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
create foreign table remote_orders (id int, total numeric) server dd_one;
create trigger orders_gone before insert on remote_orders for each row execute function touch();
create trigger orders_changed before update on remote_orders for each row execute function touch();
create trigger orders_state after insert on remote_orders for each statement execute function touch();
create foreign table remote_moving (id int) server dd_one;
create trigger moving_touch before insert on remote_moving for each row execute function touch();
--- b
create foreign data wrapper dd_wrapper;
create server dd_one foreign data wrapper dd_wrapper;
create server dd_two foreign data wrapper dd_wrapper;
create function touch() returns trigger language plpgsql as $$ begin return new; end $$;
create function audit() returns trigger language plpgsql as $$ begin return null; end $$;
create foreign table remote_orders (id int, total numeric) server dd_one;
create trigger orders_changed before update of total on remote_orders for each row execute function touch();
create trigger orders_state after insert on remote_orders for each statement execute function touch();
alter table remote_orders disable trigger orders_state;
comment on trigger orders_state on remote_orders is 'off while the remote side migrates';
create trigger orders_audit after delete on remote_orders for each row execute function audit();
create foreign table remote_new (id int) server dd_two;
create trigger new_touch before insert on remote_new for each row execute function touch();
create foreign table remote_moving (id int) server dd_two;
create trigger moving_touch before insert on remote_moving for each row execute function touch();
