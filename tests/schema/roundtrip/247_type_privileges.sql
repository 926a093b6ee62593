-- servers: 15 16 18
-- options: grants
-- privileges on types (--grants): USAGE revoked from PUBLIC and granted to a role on an enum, a domain, a composite
-- and a range type, on a new type, on an enum rebuilt (a new type: its privileges are set again) and a domain swapped
--- a
do $$ begin create role dd_typer; exception when duplicate_object or unique_violation then null; end $$;
create type mood as enum ('sad', 'happy');
create domain posint as int check (value > 0);
create type pair as (a int, b int);
create type span as range (subtype = int4);
create type level as enum ('low', 'mid', 'high');
create domain code as int;
revoke usage on type level from public;
revoke usage on domain code from public;
create table uses (m mood, p posint, l level, c code);
insert into uses values ('sad', 1, 'low', 1);
--- b
do $$ begin create role dd_typer; exception when duplicate_object or unique_violation then null; end $$;
create type mood as enum ('sad', 'happy');
create domain posint as int check (value > 0);
create type pair as (a int, b int);
create type span as range (subtype = int4);
create type level as enum ('high', 'low');
create domain code as bigint;
create type fresh as enum ('x');
revoke usage on type mood from public;
grant usage on type mood to dd_typer;
grant usage on domain posint to dd_typer with grant option;
revoke usage on type pair from public;
revoke usage on type span from public;
grant usage on type span to dd_typer;
revoke usage on type level from public;
revoke usage on domain code from public;
revoke usage on type fresh from public;
create table uses (m mood, p posint, l level, c code);
insert into uses values ('sad', 1, 'low', 1);
