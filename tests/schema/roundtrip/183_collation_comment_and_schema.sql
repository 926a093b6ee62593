-- a collation in another schema gets a comment; a column switches between two collations
--- a
create schema text_rules;
create collation text_rules.bytes (locale = 'C');
create collation text_rules.posix (locale = 'POSIX');
create table docs (id int primary key, title text collate text_rules.posix);
insert into docs values (1, 'hello');
--- b
create schema text_rules;
create collation text_rules.bytes (locale = 'C');
create collation text_rules.posix (locale = 'POSIX');
comment on collation text_rules.bytes is 'plain byte order';
create table docs (id int primary key, title text collate text_rules.bytes);
