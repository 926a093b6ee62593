-- servers: 15 16 18
-- two tables that reference each other (a foreign-key cycle) are dropped, with a table in a publication
--- a
create table parents (id int primary key, favourite_child int);
create table children (id int primary key, parent_id int references parents (id));
alter table parents add constraint parents_favourite_fk foreign key (favourite_child) references children (id);
create table kept (id int primary key);
create table published (id int primary key);
create publication pub_kept for table kept, published;
--- b
create table kept (id int primary key);
create publication pub_kept for table kept;
