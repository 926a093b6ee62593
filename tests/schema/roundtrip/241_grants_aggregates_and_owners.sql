-- servers: 15 16 18
-- options: grants
-- privileges and comments of a zero-argument aggregate (f(*)) and an ordered-set one (ORDER BY), and a table owned
-- by another role in SOURCE: its owner's own privileges are implicit, never granted
--- a
do $$ begin create role dd_agg_owner; exception when duplicate_object or unique_violation then null; end $$;
create function cnt_sf(bigint) returns bigint language sql as 'select $1 + 1';
create table ledger (id int primary key);
--- b
do $$ begin create role dd_agg_owner; exception when duplicate_object or unique_violation then null; end $$;
create function cnt_sf(bigint) returns bigint language sql as 'select $1 + 1';
create aggregate cnt0(*) (sfunc = cnt_sf, stype = bigint, initcond = '0');
create aggregate my_pct(float8 order by float8) (sfunc = ordered_set_transition, stype = internal,
  finalfunc = percentile_disc_final, finalfunc_extra);
revoke execute on function cnt0() from public;
revoke execute on function my_pct(float8, float8) from public;
comment on aggregate cnt0(*) is 'counts rows';
comment on aggregate my_pct(float8 order by float8) is 'a percentile';
create table ledger (id int primary key);
alter table ledger owner to dd_agg_owner;
grant select on ledger to public;
