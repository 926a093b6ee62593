-- servers: 15 16 18
-- what a rebuild would reset is set again: a replica identity whose index is dropped and built again, and a
-- column's storage when its type changes (the new type brings its own)
--- a
create table accounts (id int not null, code int not null, v text);
create unique index accounts_key on accounts (id);
alter table accounts replica identity using index accounts_key;
create table docs (id int, body varchar(50), note varchar(20));
alter table docs alter column body set storage main;
insert into accounts values (1, 1, 'a');
insert into docs values (1, 'x', 'y');
--- b
create table accounts (id int not null, code int not null, v text);
create unique index accounts_key on accounts (id, code);
alter table accounts replica identity using index accounts_key;
create table docs (id int, body text, note text);
alter table docs alter column body set storage main;
alter table docs alter column note set storage external;
insert into accounts values (1, 1, 'a');
insert into docs values (1, 'x', 'y');
