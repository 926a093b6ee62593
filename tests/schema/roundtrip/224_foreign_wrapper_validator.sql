-- servers: 15 16 18
-- a foreign data wrapper's validator (a plain function: no extension needed) is added with a function only SOURCE
-- has, another wrapper is created with it, a third loses its validator, whose function is dropped, and a fourth keeps
-- its validator while the function is dropped and created again (its parameters renamed)
--- a
create function dd_old_check(text[], oid) returns void language plpgsql as $$ begin end $$;
create foreign data wrapper dd_checked;
create foreign data wrapper dd_unchecked validator dd_old_check;
create server dd_s foreign data wrapper dd_checked options (host 'x');
create function dd_renamed(opts text[], cat oid) returns void language plpgsql as $$ begin end $$;
create foreign data wrapper dd_kept validator dd_renamed;
create server dd_k foreign data wrapper dd_kept options (host 'x');
--- b
create function dd_check(options text[], catalog oid) returns void language plpgsql as $$
begin
  if catalog = 'pg_catalog.pg_foreign_server'::regclass and not ('host=x' = any (options)) then
    raise exception 'host must be x';
  end if;
end $$;
create foreign data wrapper dd_checked validator dd_check;
create foreign data wrapper dd_new validator dd_check;
create foreign data wrapper dd_unchecked;
create server dd_s foreign data wrapper dd_checked options (host 'x');
create function dd_renamed(options text[], catalog oid) returns void language plpgsql as $$ begin end $$;
create foreign data wrapper dd_kept validator dd_renamed;
create server dd_k foreign data wrapper dd_kept options (host 'x');
