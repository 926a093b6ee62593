-- servers: 15 16 18
-- a foreign table's columns follow what their types and defaults are built on: an enum rebuilt, a domain whose base
-- type changes, a range whose definition changes (ALTER FOREIGN TABLE … TYPE, no USING: no data is converted), and a
-- function that its default and check call replaced (detached and attached again)
--- a
create foreign data wrapper dd_wrapper;
create server dd_remote foreign data wrapper dd_wrapper;
create type mood as enum ('sad', 'ok', 'happy');
create domain code as int;
create type span as range (subtype = int4);
create function next_code(x int) returns int language sql as 'select 1';
create function valid_code(x int) returns bool language sql as 'select x > 0';
create table local_codes (c code, s span, m mood);
insert into local_codes values (1, '[1,2)', 'ok');
create foreign table remote_things (
  id int default next_code(1),
  m mood default 'sad',
  c code,
  s span,
  ss span_multirange,
  constraint remote_things_id check (valid_code(id))
) server dd_remote;
--- b
create foreign data wrapper dd_wrapper;
create server dd_remote foreign data wrapper dd_wrapper;
create type mood as enum ('sad', 'happy', 'ok');
create domain code as bigint;
create type span as range (subtype = int8);
create function next_code(y int) returns int language sql as 'select 2';
create function valid_code(y int) returns bool language sql as 'select y > 0';
create table local_codes (c code, s span, m mood);
insert into local_codes values (1, '[1,2)', 'ok');
create foreign table remote_things (
  id int default next_code(1),
  m mood default 'sad',
  c code,
  s span,
  ss span_multirange,
  constraint remote_things_id check (valid_code(id))
) server dd_remote;
