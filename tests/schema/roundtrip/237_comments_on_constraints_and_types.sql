-- servers: 15 16 18
-- comments on constraints (table and domain) and on types (enum, domain, composite), new and changed
--- a
create type mood as enum ('sad', 'happy');
create domain posint as int constraint posint_check check (value > 0);
create type pair as (a int, b int);
create table t (id int primary key, n int constraint t_n_check check (n > 0));
comment on type mood is 'old mood';
comment on constraint t_n_check on t is 'old';
--- b
create type mood as enum ('sad', 'happy');
create domain posint as int constraint posint_check check (value > 0);
create type pair as (a int, b int);
create table t (id int primary key, n int constraint t_n_check check (n > 0));
create table t2 (id int constraint t2_pk primary key, m mood);
comment on type mood is 'new mood';
comment on domain posint is 'positive';
comment on type pair is 'two ints';
comment on constraint t_n_check on t is 'new';
comment on constraint t2_pk on t2 is 'the key';
comment on constraint posint_check on domain posint is 'must be positive';
