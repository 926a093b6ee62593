-- a table that is rebuilt (partition key changes) gets its table and column privileges again
-- options: grants
--- a
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
create table ev (id int, at date not null, k int, note text) partition by range (at);
grant select (id, note) on ev to dd_h1_reader;
grant insert on ev to dd_h1_reader;
--- b
do $$ begin create role dd_h1_reader; exception when duplicate_object or unique_violation then null; end $$;
create table ev (id int, at date not null, k int, note text) partition by list (k);
grant select (id, note), update (note) on ev to dd_h1_reader;
grant insert on ev to dd_h1_reader;
