-- exclusion constraint added
--- a
create table booking (id int primary key, during tstzrange);
--- b
create table booking (id int primary key, during tstzrange, exclude using gist (during with &&));
