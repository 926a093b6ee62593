-- a function used by the default and trigger of a table that is rebuilt (partition key changes) is replaced
--- a
create function next_code() returns text language sql as $$select 'a'$$;
create function stamp() returns trigger language plpgsql as $$begin new.code = coalesce(new.code, 'z'); return new; end$$;
create table ev (id int, at date not null, k int, code text default next_code()) partition by range (at);
create trigger ev_stamp before insert on ev for each row execute function stamp();
--- b
create function next_code() returns varchar language sql as $$select 'a'$$;
create function stamp() returns trigger language plpgsql as $$begin new.code = coalesce(new.code, 'y'); return new; end$$;
create table ev (id int, at date not null, k int, code text default next_code()) partition by list (k);
create trigger ev_stamp before insert on ev for each row execute function stamp();
