-- a domain's collation changes while a column uses it
--- a
create domain label as text collate "C";
create table tags (id int primary key, name label);
insert into tags values (1, 'b'), (2, 'A');
--- b
create domain label as text collate "POSIX";
create table tags (id int primary key, name label);
insert into tags values (1, 'b'), (2, 'A');
