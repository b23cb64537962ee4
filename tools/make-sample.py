#!/usr/bin/env python3
"""Sample history for `roster demo`: the fictional Tỉnh ủy Bình Sơn, 2008–2022.

    python3 tools/make-sample.py            # writes events/sample/batch-2008.jsonl … batch-2022.jsonl
    python3 tools/make-sample.py --check    # replays those files against docs/RULES.md and prints the story

Everything here is invented: the province, its districts, communes, villages,
agencies, companies and every person.  Standard library only; one fixed seed
(random.Random(2008)), so two runs write identical bytes.

The generator simulates the organisation day by day in effective-date order
(who is a member, status, start of probation, exemption, which cells are
active, each unit's parent) and only emits events that are legal at that
point.  Each calendar year becomes one append batch, entered by the
organisation department at the end of the year or early the next year.
Confirmations are typed in some weeks after they take effect, so a
confirmation effective late in year Y often sits in the batch of year Y+1
(a back-dated, "late" event).  The checker (`--check`) is written
separately from the generator and replays the files exactly as a ledger
would: after every batch, the whole timeline known so far, in order of
`effective` then file order, without retracted events.
"""

import argparse
import datetime as dt
import glob
import heapq
import json
import os
import random
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OUT_DIR = os.path.join(REPO, 'events', 'sample')
FIRST_YEAR, LAST_YEAR = 2008, 2022
OPENING = dt.date(2008, 1, 1)
DAY = dt.timedelta(days=1)

CELL_KINDS = ('grassroots-cell', 'cell')
GRASSROOTS_KINDS = ('grassroots-committee', 'grassroots-cell')
EDU_ORDER = ['basic', 'intermediate', 'college', 'university', 'postgraduate']
THEORY_ORDER = ['none', 'elementary', 'intermediate', 'advanced']


# ---------------------------------------------------------------------------
# Dates

def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def add_months(d, n):
    """Add calendar months; a day past the end of the month clamps (29 Feb + 12 months = 28 Feb)."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    m += 1
    last = [31, 29 if is_leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, last))


def age_on(birth, d):
    return d.year - birth.year - ((d.month, d.day) < (birth.month, birth.day))


def parse_date(s):
    return dt.date(int(s[0:4]), int(s[5:7]), int(s[8:10]))


# ---------------------------------------------------------------------------
# The fictional province.  Committees first, then grassroots organisations
# (tổ chức cơ sở đảng) with their cells (chi bộ trực thuộc).

COMMITTEES = [
    # id, name, parent, decision suffix, region
    ('TU', 'Tỉnh ủy Bình Sơn', None, 'TU', 'TINH'),
    ('TP', 'Thành ủy Bình Sơn', 'TU', 'ThU', 'TP'),
    ('SL', 'Huyện ủy Sơn Lộc', 'TU', 'HU', 'SL'),
    ('TH', 'Huyện ủy Tân Hà', 'TU', 'HU', 'TH'),
    ('NT', 'Huyện ủy Ngọc Thạch', 'TU', 'HU', 'NT'),
    ('KCQ', 'Đảng bộ Khối các cơ quan tỉnh', 'TU', 'ĐUK', 'TINH'),
    ('KDN', 'Đảng bộ Khối doanh nghiệp tỉnh', 'TU', 'ĐUK', 'TINH'),
]

# id, name, kind, category, parent, weight (relative size), cells [(suffix, name, category or None, weight)]
GRASSROOTS = [
    ('G01', 'Đảng bộ phường Bắc Sơn', 'grassroots-committee', 'commune', 'TP', 0, [
        ('C1', 'Chi bộ Tổ dân phố số 1', 'village', 9), ('C2', 'Chi bộ Tổ dân phố số 2', 'village', 9),
        ('C3', 'Chi bộ Tổ dân phố số 3', 'village', 7), ('C4', 'Chi bộ Trường Tiểu học Bắc Sơn', 'school', 4)]),
    ('G02', 'Đảng bộ phường Đông Thành', 'grassroots-committee', 'commune', 'TP', 0, [
        ('C1', 'Chi bộ Khu phố Đông Hải', 'village', 9), ('C2', 'Chi bộ Khu phố Đông An', 'village', 8),
        ('C3', 'Chi bộ Quân sự phường Đông Thành', 'armed-forces', 3)]),
    ('G03', 'Đảng bộ Công an thành phố Bình Sơn', 'grassroots-committee', 'police', 'TP', 0, [
        ('C1', 'Chi bộ Đội Cảnh sát giao thông', None, 5), ('C2', 'Chi bộ Đội An ninh', None, 4),
        ('C3', 'Chi bộ Văn phòng Công an thành phố', None, 4)]),
    ('G04', 'Chi bộ Trường THPT Bình Sơn', 'grassroots-cell', 'school', 'TP', 8, []),
    ('G05', 'Chi bộ Trung tâm Y tế thành phố Bình Sơn', 'grassroots-cell', 'health-station', 'TP', 7, []),
    ('G06', 'Đảng bộ Cơ quan Chính quyền thành phố Bình Sơn', 'grassroots-committee', 'administration', 'TP', 0, [
        ('C1', 'Chi bộ Văn phòng HĐND và UBND thành phố', None, 5),
        ('C2', 'Chi bộ Phòng Tài chính – Kế hoạch', None, 4),
        ('C3', 'Chi bộ Phòng Giáo dục và Đào tạo thành phố', None, 4)]),
    ('G07', 'Đảng bộ thị trấn Sơn Lộc', 'grassroots-committee', 'commune', 'SL', 0, [
        ('C1', 'Chi bộ Khu Phố Mới', 'village', 8), ('C2', 'Chi bộ Khu Nà Lầu', 'village', 7),
        ('C3', 'Chi bộ Trường Mầm non thị trấn Sơn Lộc', 'school', 3)]),
    ('G08', 'Đảng bộ xã Thượng Lộc', 'grassroots-committee', 'commune', 'SL', 0, [
        ('C1', 'Chi bộ thôn Nà Pheo', 'village', 7), ('C2', 'Chi bộ thôn Khuổi Nặm', 'village', 5),
        ('C3', 'Chi bộ thôn Bản Chang', 'village', 6), ('C4', 'Chi bộ thôn Pác Vài', 'village', 4),
        ('C5', 'Chi bộ Trạm Y tế xã Thượng Lộc', 'health-station', 2)]),
    ('G09', 'Đảng bộ xã Mường Khoa', 'grassroots-committee', 'commune', 'SL', 0, [
        ('C1', 'Chi bộ bản Na Hin', 'village', 6), ('C2', 'Chi bộ bản Khoa', 'village', 6),
        ('C3', 'Chi bộ bản Pá Hốc', 'village', 4), ('C4', 'Chi bộ Công an xã Mường Khoa', 'police', 2)]),
    ('G10', 'Chi bộ Trường Phổ thông Dân tộc Nội trú huyện Sơn Lộc', 'grassroots-cell', 'school', 'SL', 6, []),
    ('G11', 'Chi bộ Quân sự huyện Sơn Lộc', 'grassroots-cell', 'armed-forces', 'SL', 6, []),
    ('G12', 'Chi bộ Lâm trường Sơn Lộc', 'grassroots-cell', 'state-enterprise', 'SL', 5, []),
    ('G13', 'Đảng bộ Cơ quan Chính quyền huyện Sơn Lộc', 'grassroots-committee', 'administration', 'SL', 0, [
        ('C1', 'Chi bộ Văn phòng HĐND và UBND huyện Sơn Lộc', None, 5),
        ('C2', 'Chi bộ Phòng Nông nghiệp và Phát triển nông thôn', None, 4)]),
    ('G14', 'Đảng bộ xã Hà Thanh', 'grassroots-committee', 'commune', 'TH', 0, [
        ('C1', 'Chi bộ thôn Thanh Bình', 'village', 8), ('C2', 'Chi bộ thôn Thanh Lương', 'village', 7),
        ('C3', 'Chi bộ thôn Đồng Chiêm', 'village', 5), ('C4', 'Chi bộ Trường Tiểu học Hà Thanh', 'school', 3)]),
    ('G15', 'Đảng bộ xã Tân Mỹ', 'grassroots-committee', 'commune', 'TH', 0, [
        ('C1', 'Chi bộ thôn Mỹ Hạ', 'village', 7), ('C2', 'Chi bộ thôn Mỹ Thượng', 'village', 7),
        ('C3', 'Chi bộ thôn Phù Sa', 'village', 5)]),
    ('G16', 'Chi bộ Công an huyện Tân Hà', 'grassroots-cell', 'police', 'TH', 7, []),
    ('G17', 'Chi bộ Quân sự huyện Tân Hà', 'grassroots-cell', 'armed-forces', 'TH', 5, []),
    ('G18', 'Chi bộ Bệnh viện Đa khoa huyện Tân Hà', 'grassroots-cell', 'health-station', 'TH', 7, []),
    ('G19', 'Đảng bộ xã Ngọc Lâm', 'grassroots-committee', 'commune', 'NT', 0, [
        ('C1', 'Chi bộ thôn Lâm Hạ', 'village', 7), ('C2', 'Chi bộ thôn Lâm Thượng', 'village', 6),
        ('C3', 'Chi bộ thôn Suối Cát', 'village', 5)]),
    ('G20', 'Đảng bộ thị trấn Ngọc Thạch', 'grassroots-committee', 'commune', 'NT', 0, [
        ('C1', 'Chi bộ Khu phố Ngọc Sơn', 'village', 7), ('C2', 'Chi bộ Khu phố Bến Thạch', 'village', 6)]),
    ('G21', 'Chi bộ Trường THPT Ngọc Thạch', 'grassroots-cell', 'school', 'NT', 6, []),
    ('G22', 'Đảng bộ Sở Giáo dục và Đào tạo tỉnh Bình Sơn', 'grassroots-committee', 'administration', 'KCQ', 0, [
        ('C1', 'Chi bộ Văn phòng Sở Giáo dục và Đào tạo', None, 4),
        ('C2', 'Chi bộ Phòng Giáo dục Trung học', None, 3),
        ('C3', 'Chi bộ Phòng Khảo thí và Kiểm định chất lượng', None, 3)]),
    ('G23', 'Đảng bộ Sở Y tế tỉnh Bình Sơn', 'grassroots-committee', 'administration', 'KCQ', 0, [
        ('C1', 'Chi bộ Văn phòng Sở Y tế', None, 4),
        ('C2', 'Chi bộ Trung tâm Y tế dự phòng tỉnh', 'health-station', 4),
        ('C3', 'Chi bộ Thanh tra Sở Y tế', None, 3)]),
    ('G24', 'Chi bộ Sở Tư pháp tỉnh Bình Sơn', 'grassroots-cell', 'administration', 'KCQ', 6, []),
    ('G25', 'Chi bộ Báo Bình Sơn', 'grassroots-cell', 'press', 'KCQ', 6, []),
    ('G26', 'Chi bộ Hội Nông dân tỉnh Bình Sơn', 'grassroots-cell', 'mass-organization', 'KCQ', 5, []),
    ('G27', 'Chi bộ Trường Cao đẳng Sư phạm Bình Sơn', 'grassroots-cell', 'school', 'KCQ', 9, []),
    ('G28', 'Đảng bộ Công ty TNHH MTV Cấp thoát nước Bình Sơn', 'grassroots-committee', 'state-enterprise', 'KDN', 0, [
        ('C1', 'Chi bộ Nhà máy nước Bình Sơn', None, 4), ('C2', 'Chi bộ Xí nghiệp Xây lắp', None, 3),
        ('C3', 'Chi bộ Văn phòng Công ty Cấp thoát nước', None, 3)]),
    ('G29', 'Chi bộ Công ty TNHH MTV Xi măng Sơn Lộc', 'grassroots-cell', 'state-enterprise', 'KDN', 7, []),
    ('G30', 'Chi bộ Công ty Cổ phần Du lịch Bình Sơn', 'grassroots-cell', 'private-enterprise', 'KDN', 4, []),
    ('G31', 'Chi bộ Công ty TNHH May Tân Hà', 'grassroots-cell', 'private-enterprise', 'KDN', 4, []),
    ('G32', 'Chi bộ Công ty Cổ phần Môi trường Đô thị Bình Sơn', 'grassroots-cell', 'state-minority-enterprise', 'KDN', 4, []),
    ('G33', 'Chi bộ Công ty Cổ phần Công trình Công cộng Bình Sơn', 'grassroots-cell', 'state-minority-enterprise', 'KDN', 3, []),
]

# Region used for names/ethnicity; cement works and garment factory sit in their districts.
REGION_OVERRIDE = {'G29': 'SL', 'G31': 'TH', 'G32': 'TP', 'G33': 'TP'}

CATEGORY_TYPE = {
    'commune': 'res', 'village': 'res', 'administration': 'adm', 'party-agency': 'adm',
    'public-service': 'health', 'health-station': 'health', 'school': 'school', 'press': 'press',
    'mass-organization': 'mass', 'state-enterprise': 'ent', 'state-minority-enterprise': 'ent',
    'private-enterprise': 'ent', 'foreign-invested-enterprise': 'ent', 'police': 'police',
    'armed-forces': 'army', 'other': 'res',
}

OUTSIDE = ['Đảng bộ tỉnh Hà Lâm', 'Đảng bộ tỉnh Nam Phong', 'Đảng bộ thành phố Quang Hải',
           'Đảng bộ tỉnh Thạch Bình', 'Đảng bộ tỉnh Đông Lương', 'Đảng bộ Quân khu Tây Nguyên Bắc']

# ---------------------------------------------------------------------------
# People

SURNAMES = {
    'Kinh': [('Nguyễn', 30), ('Trần', 11), ('Lê', 9), ('Phạm', 7), ('Hoàng', 5), ('Vũ', 4), ('Phan', 4),
             ('Đặng', 3), ('Bùi', 3), ('Đỗ', 3), ('Hồ', 2), ('Ngô', 2), ('Dương', 2), ('Trịnh', 2),
             ('Đinh', 2), ('Lý', 1), ('Mai', 1), ('Tạ', 1), ('Lương', 1), ('Cao', 1), ('Đào', 1),
             ('Chu', 1), ('Hà', 1), ('Tô', 1), ('Kiều', 1)],
    'Tày': [('Hoàng', 5), ('Nông', 5), ('Lương', 3), ('Lục', 2), ('Triệu', 2), ('Đàm', 2), ('Bế', 2),
            ('Hà', 2), ('Mã', 1), ('La', 1), ('Lăng', 1)],
    'Nùng': [('Hoàng', 3), ('Nông', 3), ('Lục', 2), ('Vi', 2), ('Lý', 1), ('Chu', 1)],
    'Mường': [('Đinh', 5), ('Bùi', 5), ('Quách', 3), ('Bạch', 2), ('Hà', 2), ('Xa', 1)],
    'Thái': [('Lò', 5), ('Cầm', 4), ('Lường', 3), ('Vi', 2), ('Hà', 3), ('Quàng', 2), ('Tòng', 2)],
    'Dao': [('Triệu', 5), ('Bàn', 4), ('Đặng', 3), ('Chảo', 2), ('Lý', 2)],
    'Khmer': [('Thạch', 5), ('Sơn', 4), ('Danh', 3), ('Kim', 2), ('Chau', 2)],
    'Hoa': [('Lâm', 3), ('Trương', 3), ('Lý', 2), ('Quách', 1), ('Mã', 1)],
}
MIDDLE_M = [('Văn', 45), ('Đức', 8), ('Minh', 8), ('Quang', 6), ('Hữu', 6), ('Xuân', 5), ('Công', 5),
            ('Thanh', 5), ('Ngọc', 3), ('Mạnh', 3), ('Trọng', 3), ('Tiến', 2), ('Đình', 4), ('Anh', 2)]
MIDDLE_F = [('Thị', 60), ('Thu', 6), ('Ngọc', 6), ('Thanh', 6), ('Minh', 4), ('Hồng', 5), ('Kim', 4),
            ('Phương', 3), ('Bích', 2), ('Mỹ', 2), ('Diệu', 1)]
GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Nam', 'Sơn', 'Hải', 'Long', 'Bình', 'Cường', 'Thắng', 'Quân',
           'Trung', 'Khánh', 'Phong', 'Toàn', 'Hiếu', 'Đạt', 'Lâm', 'Tiến', 'Hòa', 'Thành', 'Tâm',
           'Vinh', 'Hưng', 'Kiên', 'Lợi', 'Phúc', 'Quý', 'Thịnh', 'Tùng', 'Việt', 'Định', 'Chiến',
           'Luận', 'Nghĩa', 'Hoan', 'Thái', 'Cảnh', 'Đông', 'Huy', 'Khải', 'Lực', 'Mạnh', 'Nhân',
           'Sáng', 'Thuận', 'Trường', 'Tú', 'Vượng', 'Duy']
GIVEN_F = ['Lan', 'Hương', 'Hoa', 'Mai', 'Hà', 'Nga', 'Thảo', 'Hằng', 'Linh', 'Trang', 'Yến', 'Huyền',
           'Nhung', 'Oanh', 'Phương', 'Loan', 'Thủy', 'Vân', 'Duyên', 'Giang', 'Hạnh', 'Liên', 'Thu',
           'Xuân', 'Ngân', 'Quyên', 'Dung', 'Hồng', 'Thắm', 'Tuyết', 'Chi', 'Diệp', 'Hiền', 'Lệ',
           'Mơ', 'Nguyệt', 'Thoa', 'Trinh']
KHMER_GIVEN_M = ['Sa Rinh', 'Sóc Khên', 'Chanh Đa', 'Phol', 'Sa Vân', 'Som Nang', 'Thươl']
KHMER_GIVEN_F = ['Sóc Phi', 'Sa Ly', 'Chanh Thi', 'Sa Rươl', 'Ni Ta', 'Sô Phia']

ETHNICITY = {
    'TP': [('Kinh', 92), ('Tày', 3), ('Mường', 2), ('Thái', 1), ('Khmer', 1), ('Hoa', 1)],
    'SL': [('Kinh', 30), ('Tày', 38), ('Nùng', 6), ('Mường', 8), ('Thái', 12), ('Dao', 6)],
    'TH': [('Kinh', 94), ('Mường', 3), ('Tày', 2), ('Hoa', 1)],
    'NT': [('Kinh', 74), ('Mường', 10), ('Khmer', 10), ('Tày', 3), ('Hoa', 3)],
    'TINH': [('Kinh', 87), ('Tày', 5), ('Mường', 3), ('Thái', 2), ('Khmer', 2), ('Nùng', 1)],
}
ETHNICITY_OVERRIDE = {'G09': [('Thái', 75), ('Kinh', 15), ('Mường', 5), ('Tày', 5)]}
CATHOLIC_CELLS = {'G14-C3': 0.30}
FEMALE_SHARE = {'res': 0.30, 'adm': 0.40, 'school': 0.65, 'health': 0.60, 'ent': 0.30,
                'police': 0.10, 'army': 0.05, 'press': 0.45, 'mass': 0.35}
FEMALE_OVERRIDE = {'G31': 0.75}

# Birth-year bands of the members already on the books on 1 January 2008.
OPENING_BIRTH = {
    'res': [(3, 1928, 1945), (4, 1946, 1960), (3, 1961, 1975), (2, 1976, 1986)],
    'adm': [(1, 1950, 1955), (4, 1956, 1968), (4, 1969, 1980), (2, 1981, 1985)],
    'school': [(1, 1952, 1960), (3, 1961, 1972), (4, 1973, 1985)],
    'health': [(1, 1952, 1960), (3, 1961, 1972), (4, 1973, 1985)],
    'ent': [(1, 1950, 1958), (4, 1959, 1972), (4, 1973, 1986)],
    'police': [(1, 1955, 1962), (3, 1963, 1975), (4, 1976, 1986)],
    'army': [(1, 1955, 1962), (3, 1963, 1975), (4, 1976, 1986)],
    'press': [(2, 1952, 1962), (3, 1963, 1975), (3, 1976, 1985)],
    'mass': [(2, 1952, 1962), (3, 1963, 1975), (3, 1976, 1985)],
}
# Age at admission (kết nạp): typical range per kind of cell.
ADMISSION_AGE = {'res': (20, 50), 'adm': (23, 40), 'school': (22, 36), 'health': (23, 38),
                 'ent': (21, 42), 'police': (20, 30), 'army': (18, 24), 'press': (23, 35),
                 'mass': (25, 45)}

EDUCATION = {
    'res_old': [('basic', 72), ('intermediate', 22), ('college', 3), ('university', 3)],
    'res': [('basic', 42), ('intermediate', 33), ('college', 12), ('university', 13)],
    'adm': [('intermediate', 12), ('college', 10), ('university', 70), ('postgraduate', 8)],
    'school': [('college', 25), ('university', 70), ('postgraduate', 5)],
    'health': [('intermediate', 36), ('college', 17), ('university', 41), ('postgraduate', 6)],
    'ent': [('basic', 24), ('intermediate', 33), ('college', 16), ('university', 26), ('postgraduate', 1)],
    'police': [('basic', 6), ('intermediate', 44), ('college', 14), ('university', 35), ('postgraduate', 1)],
    'army': [('basic', 14), ('intermediate', 46), ('college', 14), ('university', 26)],
    'press': [('college', 8), ('university', 84), ('postgraduate', 8)],
    'mass': [('intermediate', 28), ('college', 12), ('university', 56), ('postgraduate', 4)],
}
THEORY = {
    'res': [('none', 45), ('elementary', 45), ('intermediate', 10)],
    'adm': [('none', 5), ('elementary', 25), ('intermediate', 50), ('advanced', 20)],
    'school': [('none', 15), ('elementary', 60), ('intermediate', 22), ('advanced', 3)],
    'health': [('none', 20), ('elementary', 60), ('intermediate', 18), ('advanced', 2)],
    'ent': [('none', 30), ('elementary', 55), ('intermediate', 13), ('advanced', 2)],
    'police': [('elementary', 45), ('intermediate', 45), ('advanced', 10)],
    'army': [('elementary', 45), ('intermediate', 45), ('advanced', 10)],
    'press': [('elementary', 35), ('intermediate', 45), ('advanced', 20)],
    'mass': [('elementary', 35), ('intermediate', 50), ('advanced', 15)],
    'new': [('none', 58), ('elementary', 38), ('intermediate', 4)],
    'new_adm': [('none', 30), ('elementary', 50), ('intermediate', 20)],
}

# Members of these grassroots organisations are rated individually every year.
MEMBER_RATED_GRASSROOTS = ['G22', 'G23', 'G24', 'G25', 'G26', 'G27', 'G28', 'G29', 'G30', 'G31', 'G32',
                           'G33', 'G34']

# Wanted size at the end of each year (the admissions per year are steered towards it).
def wanted_size(year):
    if year <= 2010:
        return 312 + 3 * (year - 2007)
    if year <= 2020:
        return 321 + 8 * (year - 2010)
    return 401 + 4 * (year - 2020)


# ---------------------------------------------------------------------------
# Generator

class Unit:
    def __init__(self, uid, name, kind, category, parent, region, weight):
        self.id, self.name, self.kind, self.category = uid, name, kind, category
        self.parent, self.region, self.weight = parent, region, weight
        self.active = True
        self.closing = None       # no new members from this date on


class Member:
    def __init__(self, mid, person, edu, theory, cell):
        self.id, self.person, self.edu, self.theory, self.cell = mid, person, edu, theory, cell
        self.birth = parse_date(person['birthDate'])
        self.status = None
        self.prob_start = None
        self.full_known_batch = None   # batch in which the ledger learns the member is full
        self.exempt = False
        self.current = True
        self.left = None               # (date, how)
        self.readmitted = False
        self.frozen_until = None
        self.last_date = None


class Gen:
    def __init__(self):
        self.rng = random.Random(2008)
        self.units = {}
        self.members = {}
        self.events = []           # (batch year, effective date, generation index, event dict)
        self.heap = []
        self.counter = 0
        self.next_member = 1
        self.decisions = {}
        self.story = {}
        # One batch per year, typed in at year end or early the next year.
        self.batch_time = {}
        for y in range(FIRST_YEAR, LAST_YEAR + 1):
            d = self.rand_date(dt.date(y, 12, 27), dt.date(y + 1, 1, 12))
            while d.month == 1 and d.day == 1:     # New Year's Day is a holiday
                d = self.rand_date(dt.date(y, 12, 27), dt.date(y + 1, 1, 12))
            self.batch_time[y] = dt.datetime(d.year, d.month, d.day, self.rng.randrange(8, 11),
                                             self.rng.choice([0, 5, 10, 15, 20, 30, 40, 45]), 0)

    # -- randomness helpers ------------------------------------------------
    def pick(self, pairs):
        total = sum(w for _, w in pairs)
        x = self.rng.uniform(0, total)
        for v, w in pairs:
            x -= w
            if x <= 0:
                return v
        return pairs[-1][0]

    def rand_date(self, a, b):
        """A working day (Mon–Fri, never 29 February) in [a, b]."""
        span = (b - a).days
        for _ in range(200):
            d = a + dt.timedelta(days=self.rng.randrange(span + 1))
            if d.weekday() < 5 and not (d.month == 2 and d.day == 29):
                return d
        return a

    def work_day_from(self, d):
        while d.weekday() >= 5 or (d.month == 2 and d.day == 29):
            d += DAY
        return d

    # -- units ---------------------------------------------------------------
    def category_of(self, uid):
        u = self.units[uid]
        while u is not None:
            if u.category:
                return u.category
            u = self.units.get(u.parent) if u.parent else None
        return None

    def utype(self, uid):
        return CATEGORY_TYPE.get(self.category_of(uid), 'res')

    def grassroots_of(self, uid):
        u = self.units[uid]
        while u is not None and u.kind not in GRASSROOTS_KINDS:
            u = self.units.get(u.parent) if u.parent else None
        return u.id if u else None

    def issuer_of(self, uid):
        """The district-level or bloc committee that decides for a unit (the province for the top)."""
        u = self.units[uid]
        while u.kind != 'committee':
            u = self.units[u.parent]
        return u.id

    def decision(self, issuer, d):
        key = (issuer, d.year)
        if key not in self.decisions:
            self.decisions[key] = self.rng.randrange(1, 12)
        else:
            self.decisions[key] += self.rng.randrange(1, 7)
        suffix = {c[0]: c[3] for c in COMMITTEES}[issuer]
        return '%d-QĐ/%s' % (self.decisions[key], suffix)

    def cells(self, d, region=None, types=None, exclude=None):
        out = []
        for u in self.units.values():
            if not u.active or u.kind not in CELL_KINDS or u.id == exclude:
                continue
            if u.closing and d >= u.closing:
                continue
            if region and u.region != region:
                continue
            if types and self.utype(u.id) not in types:
                continue
            out.append(u)
        return out

    def members_in(self, uid):
        return [m for m in self.members.values() if m.current and m.cell == uid]

    # -- events --------------------------------------------------------------
    def emit(self, typ, eff, fields, batch=None, decision=None, note=None, actor='ban-to-chuc'):
        ev = {'type': typ, 'effective': eff.isoformat()}
        ev.update(fields)
        if decision:
            ev['decision'] = decision
        if note:
            ev['note'] = note
        ev['actor'] = actor
        b = eff.year if batch is None else batch
        assert FIRST_YEAR <= b <= LAST_YEAR
        self.events.append((b, eff, len(self.events), ev))
        return ev

    def schedule(self, d, prio, fn, *args):
        self.counter += 1
        heapq.heappush(self.heap, (d, prio, self.counter, fn, args))

    def touch(self, m, d):
        m.last_date = d

    def free(self, m, d):
        """May a random action pick this member on day d?"""
        if not m.current or m.last_date == d:
            return False
        if m.frozen_until and d < m.frozen_until:
            return False
        return True

    # -- people --------------------------------------------------------------
    def new_person(self, cell_id, birth):
        ut = self.utype(cell_id)
        gr = self.grassroots_of(cell_id)
        region = self.units[cell_id].region
        female = self.rng.random() < FEMALE_OVERRIDE.get(gr, FEMALE_SHARE[ut])
        eth = self.pick(ETHNICITY_OVERRIDE.get(gr, ETHNICITY[region]))
        sur = self.pick(SURNAMES[eth])
        if eth == 'Khmer':
            given = self.rng.choice(KHMER_GIVEN_F if female else KHMER_GIVEN_M)
            name = '%s %s%s' % (sur, 'Thị ' if female else '', given)
        else:
            mid = self.pick(MIDDLE_F if female else MIDDLE_M)
            given = self.rng.choice(GIVEN_F if female else GIVEN_M)
            name = '%s %s %s' % (sur, mid, given)
        if eth == 'Khmer':
            rel = 'Buddhist' if self.rng.random() < 0.85 else 'none'
        else:
            r = self.rng.random()
            cath = CATHOLIC_CELLS.get(cell_id, 0.04 if region == 'TH' else 0.02)
            bud = 0.09 if region in ('NT', 'TP') else 0.05
            rel = 'Catholic' if r < cath else ('Buddhist' if r < cath + bud else 'none')
        person = {'name': name, 'birthDate': birth.isoformat(), 'gender': 'female' if female else 'male'}
        if self.rng.random() < 0.93:
            person['ethnicity'] = eth
        if self.rng.random() < 0.90:
            person['religion'] = rel
        return person

    def education_for(self, cell_id, birth_year, year, admission):
        ut = self.utype(cell_id)
        key = 'res_old' if ut == 'res' and birth_year < 1960 else ut
        edu = self.pick(EDUCATION[key])
        if admission and ut != 'army' and edu in ('basic', 'intermediate', 'college'):
            if self.rng.random() < 0.035 * (year - 2007):
                edu = 'university'
        return edu

    def theory_for(self, cell_id, admission):
        ut = self.utype(cell_id)
        if admission:
            return self.pick(THEORY['new_adm' if ut in ('adm', 'press', 'mass') else 'new'])
        return self.pick(THEORY[ut])

    def new_member_id(self):
        mid = 'DV-%05d' % self.next_member
        self.next_member += 1
        return mid

    def birth_for_admission(self, cell_id, d, lo=None, hi=None):
        ut = self.utype(cell_id)
        a, b = ADMISSION_AGE[ut]
        lo = a if lo is None else lo
        hi = b if hi is None else hi
        age = int(min(self.rng.triangular(lo, hi + 0.99, lo + (hi - lo) * 0.3), hi))
        # born between (age+1) years and age years before d, away from the edges
        latest = add_months(d, -12 * age) - dt.timedelta(days=10)
        earliest = add_months(d, -12 * (age + 1)) + dt.timedelta(days=10)
        b = earliest + dt.timedelta(days=self.rng.randrange((latest - earliest).days + 1))
        if b.month == 2 and b.day > 28:
            b = b.replace(day=28)
        assert 18 <= age_on(b, d) <= 60 or lo > 60
        return b

    def weighted_cell(self, d, cells, bias=None):
        """A cell chosen by size weight; small cells (a cell needs three full members) are favoured."""
        size = Counter(m.cell for m in self.members.values() if m.current)
        pairs = []
        for u in cells:
            n = size.get(u.id, 0)
            w = u.weight * (4 if n < 3 else 2 if n < 5 else 1)
            if bias and u.id in bias:
                w *= bias[u.id]
            pairs.append((u, w))
        return self.pick(pairs)

    # -- member actions --------------------------------------------------------
    def admit(self, d, cell_id, person=None, decision=None, note=None, batch=None, mid=None, edu=None,
              theory=None):
        if person is None:
            person = self.new_person(cell_id, self.birth_for_admission(cell_id, d))
        birth = parse_date(person['birthDate'])
        if edu is None:
            edu = self.education_for(cell_id, birth.year, d.year, True)
        if theory is None:
            theory = self.theory_for(cell_id, True)
        mid = mid or self.new_member_id()
        m = Member(mid, person, edu, theory, cell_id)
        m.status, m.prob_start = 'probationary', d
        self.members[mid] = m
        if decision is None and self.rng.random() < 0.93:
            decision = self.decision(self.issuer_of(cell_id), d)
        ev = self.emit('member.admitted', d, {'member': mid, 'unit': cell_id, 'person': person,
                                               'education': edu, 'theory': theory},
                       decision=decision, note=note, batch=batch)
        self.touch(m, d)
        self.plan_probation(m)
        return m, ev

    def plan_probation(self, m):
        start = m.prob_start
        r = self.rng.random()
        if r < 0.955:
            d = self.work_day_from(add_months(start, 12) + dt.timedelta(days=self.rng.randrange(0, 45)))
            self.schedule(d, 1, self.do_confirm, m.id, start)
        else:
            d = add_months(start, 12) + dt.timedelta(days=self.rng.randrange(30, 100))
            d = self.work_day_from(d)
            if (d.month, d.day) > (12, 18):
                d = self.work_day_from(dt.date(d.year + 1, 1, 8))
            self.schedule(d, 1, self.do_not_confirmed, m.id, start)

    def do_confirm(self, d, mid, start):
        m = self.members[mid]
        if not m.current or m.status != 'probationary' or m.prob_start != start:
            return
        if m.last_date == d or (m.frozen_until and d < m.frozen_until):
            self.schedule(self.work_day_from(d + DAY * self.rng.randrange(1, 4)), 1, self.do_confirm, mid, start)
            return
        assert d >= add_months(start, 12)
        # The minutes reach the organisation department 3–8 weeks later.
        ready = d + dt.timedelta(days=self.rng.randrange(21, 57))
        batch = d.year if ready <= self.batch_time[d.year].date() or d.year == LAST_YEAR else d.year + 1
        self.emit('member.confirmed', d, {'member': mid},
                  decision=self.decision(self.issuer_of(m.cell), d), batch=batch)
        m.status = 'full'
        m.full_known_batch = batch
        self.touch(m, d)

    def do_not_confirmed(self, d, mid, start):
        m = self.members[mid]
        if not m.current or m.status != 'probationary' or m.prob_start != start or m.last_date == d:
            return
        if m.frozen_until and d < m.frozen_until:
            return
        self.remove(m, d, 'member.struck-off', {'reason': 'probation-not-confirmed'},
                    decision=self.decision(self.issuer_of(m.cell), d))

    def remove(self, m, d, typ, extra=None, decision=None, note=None):
        fields = {'member': m.id}
        if extra:
            fields.update(extra)
        self.emit(typ, d, fields, decision=decision, note=note)
        m.current = False
        m.exempt = False
        m.left = (d, typ)
        self.touch(m, d)

    def transfer(self, m, d, cell_id, note=None):
        assert cell_id != m.cell and self.units[cell_id].active and self.units[cell_id].kind in CELL_KINDS
        self.emit('member.transferred', d, {'member': m.id, 'unit': cell_id}, note=note)
        m.cell = cell_id
        self.touch(m, d)

    def transfer_in(self, d, cell_id, mid=None, person=None, status=None, frm=None, note=None, edu=None,
                    theory=None):
        if person is None:
            person = self.new_person(cell_id, self.birth_for_admission(cell_id, d, 24, 52))
        birth = parse_date(person['birthDate'])
        edu = edu or self.education_for(cell_id, birth.year, d.year, False)
        theory = theory or self.theory_for(cell_id, False)
        status = status or ('full' if self.rng.random() < 0.8 else 'probationary')
        fields = {'member': None, 'unit': cell_id, 'person': person, 'status': status}
        admitted = None
        if status == 'probationary':
            admitted = self.work_day_from(d - dt.timedelta(days=self.rng.randrange(60, 300)))
            if age_on(birth, admitted) < 18:
                status = fields['status'] = 'full'
                admitted = None
        if admitted:
            fields['admitted'] = admitted.isoformat()
        fields['from'] = frm or self.rng.choice(OUTSIDE)
        fields['education'], fields['theory'] = edu, theory
        if mid is None:
            mid = self.new_member_id()
            m = Member(mid, person, edu, theory, cell_id)
            self.members[mid] = m
        else:
            m = self.members[mid]
            m.person, m.birth, m.edu, m.theory, m.cell = person, birth, edu, theory, cell_id
            m.current, m.exempt, m.frozen_until = True, False, None
        fields['member'] = mid
        self.emit('member.transferred-in', d, fields, note=note)
        m.status = status
        if status == 'full':
            m.full_known_batch = d.year
        else:
            m.prob_start = admitted
            m.full_known_batch = None
            self.plan_probation(m)
        self.touch(m, d)
        return m

    # -- opening balance -----------------------------------------------------------
    def opening(self):
        d = OPENING
        for cid, name, parent, _, region in COMMITTEES:
            self.units[cid] = Unit(cid, name, 'committee', None, parent, region, 0)
            f = {'unit': cid, 'name': name, 'kind': 'committee'}
            if parent:
                f['parent'] = parent
            self.emit('unit.established', d, f)
        for gid, name, kind, cat, parent, weight, cells in GRASSROOTS:
            region = REGION_OVERRIDE.get(gid, self.units[parent].region)
            self.units[gid] = Unit(gid, name, kind, cat, parent, region, weight)
            self.emit('unit.established', d, {'unit': gid, 'name': name, 'kind': kind, 'category': cat,
                                              'parent': parent})
            for suf, cname, ccat, cw in cells:
                cid = '%s-%s' % (gid, suf)
                own = ccat if ccat and ccat != cat else None
                self.units[cid] = Unit(cid, cname, 'cell', own, gid, region, cw)
                f = {'unit': cid, 'name': cname, 'kind': 'cell'}
                if own:
                    f['category'] = own
                f['parent'] = gid
                self.emit('unit.established', d, f)
        cells = self.cells(d)
        total_w = sum(u.weight for u in cells)
        target = 310
        plan = []
        for u in cells:
            plan.extend([u.id] * max(1, round(target * u.weight / total_w)))
        for cell_id in plan:
            ut = self.utype(cell_id)
            bands = OPENING_BIRTH[ut]
            _, lo, hi = self.pick([((w, lo, hi), w) for w, lo, hi in bands])
            by = self.rng.randint(lo, hi)
            birth = dt.date(by, self.rng.randint(1, 12), self.rng.randint(1, 28))
            if ut != 'res' and age_on(birth, d) > 59:
                birth = birth.replace(year=1949 + self.rng.randrange(4))
            person = self.new_person(cell_id, birth)
            edu = self.education_for(cell_id, by, 2008, False)
            theory = self.theory_for(cell_id, False)
            mid = self.new_member_id()
            m = Member(mid, person, edu, theory, cell_id)
            self.members[mid] = m
            prob = self.rng.random() < 0.045 and age_on(birth, d) < 50
            if prob:
                admitted = self.rand_date(dt.date(2007, 1, 10), dt.date(2007, 12, 20))
                m.status, m.prob_start = 'probationary', admitted
            else:
                earliest = add_months(birth, 12 * 19)
                latest = min(dt.date(2006, 12, 1), add_months(birth, 12 * 45))
                if latest <= earliest:
                    latest = earliest + dt.timedelta(days=30)
                admitted = self.rand_date(earliest, latest)
                m.status = 'full'
                m.full_known_batch = FIRST_YEAR
            f = {'member': mid, 'unit': cell_id, 'person': person, 'status': m.status,
                 'admitted': admitted.isoformat(), 'education': edu, 'theory': theory}
            self.emit('member.registered', d, f, actor='chuyen-doi-du-lieu')
            if prob:
                self.plan_probation(m)
            self.touch(m, d)

    # -- a year of ordinary business ----------------------------------------------
    def plan_year(self, y):
        rng = self.rng
        start, end = dt.date(y, 1, 2), dt.date(y, 12, 12)
        cur = [m for m in self.members.values() if m.current]
        n = len(cur)
        expected_out = 0.034 * n
        tin = rng.randint(3, 6)
        adm = max(8, min(34, round(wanted_size(y) - n + expected_out - tin * 0.95)))
        self.story.setdefault('plan', []).append((y, n, adm, tin))
        for _ in range(adm):
            self.schedule(self.rand_date(start, end), 2, self.act_admit)
        for _ in range(tin):
            self.schedule(self.rand_date(start, end), 2, self.act_transfer_in)
        for _ in range(rng.randint(3, 6)):
            self.schedule(self.rand_date(start, end), 2, self.act_transfer_out)
        for _ in range(rng.randint(4, 8)):
            self.schedule(self.rand_date(start, end), 2, self.act_rotate)
        for _ in range(rng.randint(2, 4)):
            self.schedule(self.rand_date(start, end), 2, self.act_discipline)
        if rng.random() < 0.75:
            self.schedule(self.rand_date(start, end), 2, self.act_struck_off, 'abandoned-activities')
        if rng.random() < 0.5:
            self.schedule(self.rand_date(start, end), 2, self.act_struck_off, 'not-transferred')
        if rng.random() < 0.4 or y in (2010, 2017):
            self.schedule(self.rand_date(start, end), 2, self.act_resign)
        if rng.random() < 0.3 or y in (2012, 2019):
            self.schedule(self.rand_date(start, end), 2, self.act_expel)
        if rng.random() < 0.6:
            self.schedule(self.rand_date(start, end), 2, self.act_exempt_illness)
        # per-member draws, in member-id order
        for m in sorted(cur, key=lambda m: m.id):
            a = age_on(m.birth, dt.date(y, 7, 1))
            p = 0.002 if a < 50 else 0.007 if a < 60 else 0.018 if a < 70 else 0.045 if a < 80 else 0.11
            if rng.random() < p:
                self.schedule(self.rand_date(start, end), 2, self.act_die, m.id)
            ut = self.utype(m.cell)
            if ut != 'res':
                retire = 60 if m.person['gender'] == 'male' else 55
                if a >= retire and rng.random() < 0.7:
                    self.schedule(self.rand_date(start, end), 2, self.act_retire, m.id)
            if a >= 68 and m.status == 'full' and not m.exempt and rng.random() < 0.07:
                self.schedule(self.rand_date(start, end), 2, self.act_exempt_old, m.id)
            self.plan_update(m, y, a, ut)
        self.schedule(dt.date(y, 12, 1), 3, self.year_end, y)

    def plan_update(self, m, y, a, ut):
        rng = self.rng
        boom = 1.35 if 2010 <= y <= 2020 else 0.6
        edu, th = None, None
        if a <= 46 and m.edu in ('basic', 'intermediate', 'college'):
            p = (0.03 if ut == 'res' else 0.07) * boom
            if rng.random() < p:
                edu = 'university' if m.edu != 'basic' or rng.random() < 0.5 else 'intermediate'
        elif a <= 50 and m.edu == 'university' and ut in ('adm', 'school', 'health', 'press', 'mass', 'police'):
            if rng.random() < 0.045 * boom:
                edu = 'postgraduate'
        if a <= 55:
            if m.theory == 'none' and rng.random() < 0.10 * boom:
                th = 'elementary'
            elif m.theory == 'elementary' and rng.random() < (0.06 if ut != 'res' else 0.02) * boom:
                th = 'intermediate'
            elif m.theory == 'intermediate' and ut in ('adm', 'police', 'army', 'press', 'mass', 'school') \
                    and rng.random() < 0.03 * boom:
                th = 'advanced'
        if edu or th:
            self.schedule(self.rand_date(dt.date(y, 2, 1), dt.date(y, 11, 28)), 2, self.act_update, m.id, edu, th)

    # -- random actions ------------------------------------------------------------
    def candidates(self, d, pred, keep_cells=True):
        """Members free on day d that satisfy pred; with keep_cells, not from a cell that would drop below three."""
        size = Counter(m.cell for m in self.members.values() if m.current)
        return [m for m in sorted(self.members.values(), key=lambda m: m.id)
                if self.free(m, d) and pred(m) and (not keep_cells or size[m.cell] > 3)]

    def act_admit(self, d):
        bias = {'G27': 3.0, 'G27-C1': 1.5, 'G27-C2': 1.5, 'G27-C3': 1.2, 'G34': 2.5, 'G04': 1.4}
        cells = [u for u in self.cells(d) if not self.units[self.grassroots_of(u.id)].closing]
        self.admit(d, self.weighted_cell(d, cells, bias).id)

    def act_transfer_in(self, d):
        cells = self.cells(d)
        self.transfer_in(d, self.weighted_cell(d, cells).id)

    def act_transfer_out(self, d):
        ws = {'adm': 3, 'police': 3, 'army': 4, 'school': 2, 'health': 2, 'ent': 2, 'press': 2, 'mass': 2, 'res': 1}
        c = self.candidates(d, lambda m: 22 <= age_on(m.birth, d) <= 50)
        if not c:
            return
        m = self.pick([(m, ws[self.utype(m.cell)]) for m in c])
        self.remove(m, d, 'member.transferred-out', {'to': self.rng.choice(OUTSIDE)})

    def act_rotate(self, d):
        c = self.candidates(d, lambda m: 24 <= age_on(m.birth, d) <= 55 and self.utype(m.cell) != 'res')
        if not c:
            return
        m = self.rng.choice(c)
        same = [u for u in self.cells(d, types=(self.utype(m.cell),), exclude=m.cell)]
        if not same or self.rng.random() < 0.3:
            same = self.cells(d, region=self.units[m.cell].region, exclude=m.cell)
        if same:
            self.transfer(m, d, self.weighted_cell(d, same).id)

    def act_retire(self, d, mid):
        m = self.members[mid]
        if not self.free(m, d) or self.utype(m.cell) == 'res':
            return
        region = self.units[m.cell].region
        if region == 'TINH':
            region = 'TP'
        homes = self.cells(d, region=region, types=('res',))
        if homes:
            self.transfer(m, d, self.weighted_cell(d, homes).id,
                          note='Nghỉ hưu, chuyển sinh hoạt về nơi cư trú')

    def act_die(self, d, mid):
        m = self.members[mid]
        if not m.current or m.last_date == d or (m.frozen_until and d < m.frozen_until):
            return
        self.remove(m, d, 'member.died')

    def act_struck_off(self, d, reason):
        if reason == 'abandoned-activities':
            c = self.candidates(d, lambda m: 25 <= age_on(m.birth, d) <= 58 and self.utype(m.cell) in ('res', 'ent'))
        else:
            c = self.candidates(d, lambda m: 22 <= age_on(m.birth, d) <= 50 and self.utype(m.cell) == 'ent')
        if c:
            m = self.rng.choice(c)
            self.remove(m, d, 'member.struck-off', {'reason': reason},
                        decision=self.decision(self.issuer_of(m.cell), d))

    def act_resign(self, d):
        c = self.candidates(d, lambda m: 25 <= age_on(m.birth, d) <= 50 and self.utype(m.cell) in ('ent', 'res'))
        if c:
            m = self.rng.choice(c)
            self.remove(m, d, 'member.resigned', decision=self.decision(self.issuer_of(m.cell), d),
                        note='Xin ra khỏi Đảng')

    def known_full(self, m, d):
        return m.status == 'full' and m.full_known_batch is not None and m.full_known_batch <= d.year

    def act_expel(self, d):
        c = self.candidates(d, lambda m: self.known_full(m, d) and 30 <= age_on(m.birth, d) <= 58
                            and self.utype(m.cell) in ('adm', 'ent', 'res'))
        if c:
            m = self.rng.choice(c)
            self.remove(m, d, 'member.expelled', decision=self.decision(self.issuer_of(m.cell), d))

    def act_discipline(self, d):
        pen = self.pick([('reprimand', 62), ('warning', 31), ('dismissal', 7)])
        if pen == 'dismissal':
            # cách chức: a full member who holds a post
            c = self.candidates(d, lambda m: self.known_full(m, d) and 32 <= age_on(m.birth, d) <= 58
                                and self.utype(m.cell) in ('adm', 'ent', 'police'))
        else:
            c = self.candidates(d, lambda m: 25 <= age_on(m.birth, d) <= 60)
        if not c:
            return
        m = self.rng.choice(c)
        self.emit('member.disciplined', d, {'member': m.id, 'penalty': pen},
                  decision=self.decision(self.issuer_of(m.cell), d))
        self.touch(m, d)

    def act_exempt_old(self, d, mid):
        m = self.members[mid]
        if not self.free(m, d) or m.exempt:
            return
        self.emit('member.exempted', d, {'member': m.id}, note='Tuổi cao, sức yếu')
        m.exempt = True
        self.touch(m, d)

    def act_exempt_illness(self, d):
        c = self.candidates(d, lambda m: 35 <= age_on(m.birth, d) <= 58 and not m.exempt and m.status == 'full')
        if not c:
            return
        m = self.rng.choice(c)
        self.emit('member.exempted', d, {'member': m.id}, note='Điều trị bệnh dài ngày')
        m.exempt = True
        self.touch(m, d)
        if self.rng.random() < 0.85:
            e = self.work_day_from(d + dt.timedelta(days=self.rng.randrange(240, 600)))
            if (e.month, e.day) > (12, 18):
                e = self.work_day_from(dt.date(e.year + 1, 1, 6))
            self.schedule(e, 1, self.act_exemption_end, m.id)

    def act_exemption_end(self, d, mid):
        m = self.members[mid]
        if d.year > LAST_YEAR or not m.current or not m.exempt:
            return
        if m.last_date == d:
            self.schedule(self.work_day_from(d + DAY), 1, self.act_exemption_end, mid)
            return
        self.emit('member.exemption-ended', d, {'member': m.id})
        m.exempt = False
        self.touch(m, d)

    def act_update(self, d, mid, edu, th):
        m = self.members[mid]
        if not self.free(m, d):
            return
        f = {'member': mid}
        if edu and EDU_ORDER.index(edu) > EDU_ORDER.index(m.edu):
            f['education'] = m.edu = edu
        if th and THEORY_ORDER.index(th) > THEORY_ORDER.index(m.theory):
            f['theory'] = m.theory = th
        if len(f) > 1:
            self.emit('member.updated', d, f)
            self.touch(m, d)

    def year_end(self, d, y):
        """Annual assessment: members by their cells early in December, units by their committee mid-December."""
        for g in MEMBER_RATED_GRASSROOTS:
            if g in self.units and self.units[g].active:
                self.schedule(self.rand_date(dt.date(y, 12, 2), dt.date(y, 12, 10)), 3, self.rate_members, g, y)
        for c in [c[0] for c in COMMITTEES]:
            if self.units[c].active:
                self.schedule(self.rand_date(dt.date(y, 12, 14), dt.date(y, 12, 20)), 3, self.rate_units, c, y)

    def rate_members(self, d, g, y):
        if not self.units[g].active:
            return
        for m in sorted(self.members.values(), key=lambda m: m.id):
            if not m.current or m.exempt or (m.frozen_until and d < m.frozen_until):
                continue
            if self.grassroots_of(m.cell) != g:
                continue
            if m.status == 'probationary' and m.prob_start > dt.date(y, 9, 30):
                continue
            r = self.pick([('excellent', 13), ('good', 74), ('satisfactory', 10), ('unsatisfactory', 3)])
            self.emit('member.rated', d, {'member': m.id, 'year': y, 'rating': r})

    def rate_units(self, d, c, y):
        units = [u for u in self.units.values() if u.active and u.kind in GRASSROOTS_KINDS
                 and self.issuer_of(u.id) == c]
        if not units:
            return
        dec = self.decision(c, d)
        for u in units:
            if y <= 2017:
                r = self.pick([('clean-strong-exemplary', 12), ('clean-strong', 56), ('good', 24),
                               ('satisfactory', 6), ('weak', 2)])
            else:
                r = self.pick([('excellent', 18), ('good', 70), ('satisfactory', 10), ('unsatisfactory', 2)])
            self.emit('unit.rated', d, {'unit': u.id, 'year': y, 'rating': r}, decision=dec)

    # -- the story -------------------------------------------------------------------
    def plan_story(self):
        s = self.schedule
        s(dt.date(2009, 4, 14), 0, self.st_strike_for_readmission)
        s(dt.date(2011, 3, 15), 0, self.st_leave_and_return_out)
        s(dt.date(2011, 9, 20), 0, self.st_dismissal)
        s(dt.date(2019, 10, 15), 0, self.st_dismissal)
        s(dt.date(2012, 5, 22), 0, self.st_name_correction)
        s(dt.date(2012, 8, 21), 0, self.st_admit_over_60)
        s(dt.date(2013, 1, 2), 0, self.st_close, 'G12', dt.date(2013, 1, 2))
        s(dt.date(2013, 5, 14), 0, self.st_readmit)
        s(dt.date(2013, 6, 14), 0, self.st_forestry_closes)
        s(dt.date(2013, 6, 28), 0, self.st_dissolve, 'G12')
        s(dt.date(2014, 5, 20), 0, self.st_new_fdi_cell)
        s(dt.date(2014, 11, 18), 0, self.st_wrong_cell_admission)
        s(dt.date(2015, 7, 1), 0, self.st_equitization)
        s(dt.date(2016, 3, 10), 0, self.st_leave_and_return_in)
        s(dt.date(2016, 9, 6), 0, self.st_upgrade_college)
        s(dt.date(2017, 8, 8), 0, self.st_struck_off_other)
        s(dt.date(2018, 7, 2), 0, self.st_rename_cdc)
        s(dt.date(2018, 10, 1), 0, self.st_close, 'G08-C4', dt.date(2018, 10, 1))
        s(dt.date(2018, 9, 25), 0, self.st_admit_over_60_second)
        s(dt.date(2019, 3, 5), 0, self.st_village_merger)
        s(dt.date(2020, 1, 2), 0, self.st_close, 'G33', dt.date(2020, 1, 2))
        s(dt.date(2020, 6, 15), 0, self.st_company_merger)
        s(dt.date(2020, 7, 1), 0, self.st_bloc_handover)

    def st_close(self, d, uid, when):
        self.units[uid].closing = when

    def st_strike_for_readmission(self, d):
        c = self.candidates(d, lambda m: self.known_full(m, d) and 28 <= age_on(m.birth, d) <= 42
                            and self.units[m.cell].region in ('TH', 'NT') and self.utype(m.cell) == 'res')
        m = self.rng.choice(c)
        self.remove(m, d, 'member.struck-off', {'reason': 'abandoned-activities'},
                    decision=self.decision(self.issuer_of(m.cell), d),
                    note='Bỏ sinh hoạt đảng quá 3 tháng không có lý do')
        self.story['readmit'] = m.id

    def st_dismissal(self, d):
        c = self.candidates(d, lambda m: self.known_full(m, d) and 35 <= age_on(m.birth, d) <= 58
                            and self.utype(m.cell) in ('adm', 'ent'))
        m = self.rng.choice(c)
        self.emit('member.disciplined', d, {'member': m.id, 'penalty': 'dismissal'},
                  decision=self.decision(self.issuer_of(m.cell), d),
                  note='Cách chức vì vi phạm quy định về quản lý tài chính')
        self.touch(m, d)

    def st_readmit(self, d):
        m = self.members[self.story['readmit']]
        assert not m.current and d >= add_months(m.left[0], 36)
        cell = m.cell
        self.emit('member.readmitted', d, {'member': m.id, 'unit': cell},
                  decision=self.decision(self.issuer_of(cell), d), note='Kết nạp lại')
        m.current, m.readmitted = True, True
        m.status, m.prob_start, m.full_known_batch = 'probationary', d, None
        self.touch(m, d)
        self.plan_probation(m)

    def st_leave_and_return_out(self, d):
        c = self.candidates(d, lambda m: self.known_full(m, d) and 26 <= age_on(m.birth, d) <= 35
                            and self.utype(m.cell) == 'adm')
        m = self.rng.choice(c)
        self.remove(m, d, 'member.transferred-out', {'to': 'Đảng bộ tỉnh Hà Lâm'},
                    note='Đi học cao học, chuyển sinh hoạt tạm thời')
        self.story['returner'] = m.id

    def st_leave_and_return_in(self, d):
        m = self.members[self.story['returner']]
        cell = m.cell if self.units[m.cell].active else 'G22-C1'
        person = dict(m.person)
        self.transfer_in(d, cell, mid=m.id, person=person, status='full', frm='Đảng bộ tỉnh Hà Lâm',
                         note='Trở về công tác sau khi học xong', edu='postgraduate', theory=m.theory)

    def st_name_correction(self, d):
        c = self.candidates(d, lambda m: m.person['gender'] == 'female' and m.person['name'].split()[-1] == 'Hương')
        if not c:
            c = self.candidates(d, lambda m: m.person['gender'] == 'female')
        m = c[0]
        parts = m.person['name'].split()
        parts[-1] = 'Hường' if parts[-1] == 'Hương' else parts[-1]
        if ' '.join(parts) == m.person['name']:
            parts[-2] = 'Thị' if parts[-2] != 'Thị' else 'Thu'
        m.person['name'] = ' '.join(parts)
        self.emit('member.updated', d, {'member': m.id, 'name': m.person['name']},
                  note='Đính chính họ tên theo giấy chứng minh nhân dân')
        self.touch(m, d)

    def st_admit_over_60(self, d):
        cell = 'G15-C2'
        birth = self.birth_for_admission(cell, d, 63, 63)
        person = self.new_person(cell, birth)
        person['gender'] = 'male'
        person['name'] = 'Trần Văn Khiêm'
        person['ethnicity'], person['religion'] = 'Kinh', 'none'
        self.admit(d, cell, person=person, decision=self.decision('TU', d), edu='basic', theory='none',
                   note='Kết nạp quần chúng trên 60 tuổi, có ý kiến đồng ý của Ban Thường vụ Tỉnh ủy')

    def st_admit_over_60_second(self, d):
        cell = 'G09-C2'
        birth = self.birth_for_admission(cell, d, 61, 61)
        person = {'name': 'Lò Văn Pọm', 'birthDate': birth.isoformat(), 'gender': 'male',
                  'ethnicity': 'Thái', 'religion': 'none'}
        self.admit(d, cell, person=person, decision=self.decision('TU', d), edu='basic', theory='none',
                   note='Già bản, người có uy tín trong đồng bào dân tộc')

    def st_forestry_closes(self, d):
        for m in self.members_in('G12'):
            if m.last_date == d:
                m.last_date = None
            a = age_on(m.birth, d)
            if a >= 55:
                homes = self.cells(d, region='SL', types=('res',))
                self.transfer(m, d, self.weighted_cell(d, homes).id,
                              note='Lâm trường giải thể, chuyển sinh hoạt về nơi cư trú')
            else:
                self.transfer(m, d, 'G29', note='Lâm trường giải thể, chuyển sang Công ty Xi măng')

    def st_dissolve(self, d, uid):
        assert not self.members_in(uid)
        assert not [u for u in self.units.values() if u.active and u.parent == uid]
        u = self.units[uid]
        issuer = self.issuer_of(u.parent) if u.kind == 'committee' else self.issuer_of(uid)
        self.emit('unit.dissolved', d, {'unit': uid}, decision=self.decision(issuer, d))
        self.units[uid].active = False

    def st_new_fdi_cell(self, d):
        gid = 'G34'
        name = 'Chi bộ Công ty TNHH Linh kiện Điện tử Sunwoo Bình Sơn'
        self.units[gid] = Unit(gid, name, 'grassroots-cell', 'foreign-invested-enterprise', 'KDN', 'NT', 5)
        self.emit('unit.established', d, {'unit': gid, 'name': name, 'kind': 'grassroots-cell',
                                          'category': 'foreign-invested-enterprise', 'parent': 'KDN'},
                  decision=self.decision('KDN', d))
        # a new cell needs at least three full members: engineers and workers who moved to the new plant
        pool = []
        for src in ('G29', 'G30', 'G31', 'G28-C2', 'G33', 'G28-C1'):
            pool += [m for m in self.members_in(src) if self.free(m, d) and self.known_full(m, d)
                     and age_on(m.birth, d) < 50]
        assert len(pool) >= 3
        self.rng.shuffle(pool)
        for m in pool[:4]:
            self.transfer(m, d, gid, note='Chuyển công tác sang doanh nghiệp mới')

    def st_wrong_cell_admission(self, d):
        """Admitted into Chi bộ thôn Thanh Bình, but typed in as Thanh Lương; fixed in the next batch."""
        right, wrong = 'G14-C1', 'G14-C2'
        person = self.new_person(right, self.birth_for_admission(right, d, 24, 30))
        edu = 'university'
        theory = 'none'
        dec = self.decision(self.issuer_of(right), d)
        mid = self.new_member_id()
        wrong_ev = self.emit('member.admitted', d, {'member': mid, 'unit': wrong, 'person': person,
                                                    'education': edu, 'theory': theory}, decision=dec)
        self.emit('event.retracted', d, {'target': wrong_ev,
                                         'reason': 'Nhập sai chi bộ: đảng viên được kết nạp tại Chi bộ thôn '
                                                   'Thanh Bình, không phải Chi bộ thôn Thanh Lương'},
                  batch=d.year + 1)
        m, _ = self.admit(d, right, person=person, decision=dec, mid=mid, edu=edu, theory=theory,
                          batch=d.year + 1)
        m.frozen_until = dt.date(d.year + 1, 1, 1)
        self.story['wrong'] = mid

    def st_equitization(self, d):
        uid = 'G29'
        self.emit('unit.renamed', d, {'unit': uid, 'name': 'Chi bộ Công ty Cổ phần Xi măng Sơn Lộc'},
                  decision=self.decision('KDN', d), note='Công ty cổ phần hóa, Nhà nước giữ 36 % vốn')
        self.emit('unit.reclassified', d, {'unit': uid, 'category': 'state-minority-enterprise'},
                  decision=self.decision('KDN', d))
        self.units[uid].name = 'Chi bộ Công ty Cổ phần Xi măng Sơn Lộc'
        self.units[uid].category = 'state-minority-enterprise'

    def st_upgrade_college(self, d):
        gid = 'G27'
        dec = self.decision('KCQ', d)
        new = [('G27-C1', 'Chi bộ Khoa Tự nhiên'), ('G27-C2', 'Chi bộ Khoa Xã hội'),
               ('G27-C3', 'Chi bộ Khối Phòng ban')]
        for cid, name in new:
            self.units[cid] = Unit(cid, name, 'cell', None, gid, 'TINH', 4)
            self.emit('unit.established', d, {'unit': cid, 'name': name, 'kind': 'cell', 'parent': gid},
                      decision=dec)
        ms = self.members_in(gid)
        self.story['upgrade_members'] = len(ms)
        for i, m in enumerate(ms):
            if m.last_date == d:
                m.last_date = None
            self.transfer(m, d, new[i % 3][0])
        self.emit('unit.reclassified', d, {'unit': gid, 'kind': 'grassroots-committee'}, decision=dec,
                  note='Nâng cấp chi bộ cơ sở thành đảng bộ cơ sở')
        self.emit('unit.renamed', d, {'unit': gid, 'name': 'Đảng bộ Trường Cao đẳng Sư phạm Bình Sơn'},
                  decision=dec)
        self.units[gid].kind = 'grassroots-committee'
        self.units[gid].name = 'Đảng bộ Trường Cao đẳng Sư phạm Bình Sơn'

    def st_struck_off_other(self, d):
        c = self.candidates(d, lambda m: 30 <= age_on(m.birth, d) <= 55 and self.utype(m.cell) == 'res')
        m = self.rng.choice(c)
        self.remove(m, d, 'member.struck-off', {'reason': 'other'},
                    decision=self.decision(self.issuer_of(m.cell), d), note='Định cư ở nước ngoài')

    def st_rename_cdc(self, d):
        self.emit('unit.renamed', d, {'unit': 'G23-C2', 'name': 'Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh'},
                  decision=self.decision('KCQ', d))
        self.units['G23-C2'].name = 'Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh'

    def st_village_merger(self, d):
        for m in self.members_in('G08-C4'):
            if m.last_date == d:
                m.last_date = None
            self.transfer(m, d, 'G08-C2', note='Sáp nhập thôn Pác Vài vào thôn Khuổi Nặm')
        self.st_dissolve(d, 'G08-C4')
        self.emit('unit.renamed', d, {'unit': 'G08-C2', 'name': 'Chi bộ thôn Nặm Vài'},
                  decision=self.decision('SL', d))
        self.units['G08-C2'].name = 'Chi bộ thôn Nặm Vài'

    def st_company_merger(self, d):
        dec = self.decision('KDN', d)
        self.emit('unit.merged', d, {'units': ['G33'], 'into': 'G32'}, decision=dec,
                  note='Hai công ty hợp nhất theo phương án sắp xếp doanh nghiệp')
        for m in self.members_in('G33'):
            m.cell = 'G32'
        self.units['G33'].active = False
        name = 'Chi bộ Công ty Cổ phần Môi trường và Công trình Đô thị Bình Sơn'
        self.emit('unit.renamed', d, {'unit': 'G32', 'name': name}, decision=dec)
        self.units['G32'].name = name

    def st_bloc_handover(self, d):
        dec = self.decision('TU', d)
        note = 'Giải thể Đảng bộ Khối doanh nghiệp tỉnh, chuyển giao tổ chức đảng về huyện ủy, thành ủy'
        dest = {'G28': 'TP', 'G29': 'SL', 'G30': 'TP', 'G31': 'TH', 'G32': 'TP', 'G34': 'NT'}
        kids = [u.id for u in self.units.values() if u.active and u.parent == 'KDN']
        assert sorted(kids) == sorted(dest), kids
        for uid in sorted(dest):
            self.emit('unit.moved', d, {'unit': uid, 'parent': dest[uid]}, decision=dec, note=note)
            self.units[uid].parent = dest[uid]
        self.st_dissolve(d, 'KDN')

    # -- driver ----------------------------------------------------------------------
    def run(self):
        self.opening()
        self.plan_story()
        year = FIRST_YEAR
        self.plan_year(year)
        while self.heap:
            d = self.heap[0][0]
            if d.year > LAST_YEAR:
                break
            if d.year > year:
                year += 1
                self.plan_year(year)
                continue
            d, _, _, fn, args = heapq.heappop(self.heap)
            fn(d, *args)
        return self

    def write(self):
        os.makedirs(OUT_DIR, exist_ok=True)
        for old in glob.glob(os.path.join(OUT_DIR, 'batch-*.jsonl')):
            os.remove(old)
        order = ['id', 'type', 'effective', 'member', 'place', 'plan', 'unit', 'units', 'into', 'name', 'kind', 'category',
                 'parent', 'person', 'status', 'admitted', 'from', 'to', 'targets', 'education', 'theory', 'gender',
                 'ethnicity', 'religion', 'birthDate', 'target', 'reason', 'penalty', 'year', 'rating', 'badge',
                 'decision', 'note', 'recorded', 'actor']
        for y in range(FIRST_YEAR, LAST_YEAR + 1):
            later = getattr(self, 'appended_after', set())
            batch = sorted([e for e in self.events if e[0] == y], key=lambda e: (id(e[3]) in later, e[1], e[2]))
            t0 = self.batch_time[y]
            lines = []
            for i, (_, _, _, ev) in enumerate(batch):
                ev['id'] = 'bs-%d-%04d' % (y, i + 1)
                ev['recorded'] = (t0 + dt.timedelta(seconds=2 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')
                if isinstance(ev.get('target'), dict):
                    ev['target'] = ev['target']['id']
                assert set(ev) <= set(order), set(ev) - set(order)
                lines.append(json.dumps({k: ev[k] for k in order if k in ev}, ensure_ascii=False))
            with open(os.path.join(OUT_DIR, 'batch-%d.jsonl' % y), 'w', encoding='utf-8', newline='\n') as f:
                f.write('\n'.join(lines) + '\n')



# ---------------------------------------------------------------------------
# The officers' outputs (issue 13): gaps out of the party, party badges,
# disciplines near a round, every member rated every year from 2017.
# Added after the simulation, from its events, so that the story above
# stays as it was; each function emits only what the rules allow.

BADGES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
ROUND_DAYS = [(2, 3), (5, 19), (9, 2), (11, 7)]
HOLD_MONTHS = {'reprimand': 6, 'warning': 9, 'dismissal': 12}


def officer_rounds():
    return [dt.date(y, m, d) for y in range(FIRST_YEAR, LAST_YEAR + 1) for m, d in ROUND_DAYS]


def officer_reach(admitted, gaps, n):
    t = add_months(admitted, 12 * n)
    for g0, g1 in gaps:
        if g0 < t:
            t += g1 - g0
    return t


class OfficerView:
    """Who is a member when, admission dates, gaps, cells, badges and holds,
    read back from the generated events in timeline order."""

    def __init__(self, gen):
        retracted = {id(e[3]['target']) for e in gen.events if e[3]['type'] == 'event.retracted'}
        self.timeline = sorted((e for e in gen.events if id(e[3]) not in retracted and e[3]['type'] != 'event.retracted'),
                               key=lambda e: (e[1], e[2]))
        self.spans = {}       # member -> [[start, end or None, status at start]]
        self.admitted = {}
        self.gaps = {}
        self.left = {}        # member -> (date, type) of the last removal
        self.birth = {}
        self.readmitted = set()
        self.rated = set()    # (member, year)
        self.holds = {}       # member -> [until]
        self.cell_on = {}     # member -> [(from, cell)]
        self.established = {}
        for _, d, _, ev in self.timeline:
            t, m = ev['type'], ev.get('member')
            if t == 'unit.established':
                self.established[ev['unit']] = d
            if t in ('member.registered', 'member.admitted', 'member.transferred-in', 'member.readmitted'):
                if t == 'member.admitted':
                    self.admitted[m] = d
                elif 'admitted' in ev:
                    self.admitted[m] = parse_date(ev['admitted'])
                if 'person' in ev:
                    self.birth[m] = parse_date(ev['person']['birthDate'])
                if m in self.left and self.left[m][1] in ('member.expelled', 'member.struck-off', 'member.resigned') \
                        and t in ('member.readmitted', 'member.transferred-in'):
                    self.gaps.setdefault(m, []).append((self.left[m][0], d))
                if t == 'member.readmitted':
                    self.readmitted.add(m)
                self.spans.setdefault(m, []).append([d, None])
                self.cell_on.setdefault(m, []).append((d, ev['unit']))
            elif t == 'member.transferred':
                self.cell_on[m].append((d, ev['unit']))
            elif t in REMOVALS:
                self.spans[m][-1][1] = d
                self.left[m] = (d, t)
            elif t == 'member.rated':
                self.rated.add((m, ev['year']))
            elif t == 'member.disciplined':
                self.holds.setdefault(m, []).append((d, add_months(d, HOLD_MONTHS[ev['penalty']])))

    def current(self, m, d):
        return any(a <= d and (b is None or d < b) for a, b in self.spans.get(m, []))

    def members_on(self, d):
        return sorted(m for m in self.spans if self.current(m, d))

    def held_back(self, m, d):
        return any(a <= d < until for a, until in self.holds.get(m, []))


def officers_gaps(gen, view):
    """A few members struck off or resigned in 2012–2017 come back in 2021
    (member.readmitted), so that party age skips their gap."""
    rng = random.Random(1301)
    cells_ok = gen.cells(dt.date(LAST_YEAR, 12, 31))
    candidates = sorted(m for m, (d, t) in view.left.items()
                        if t in ('member.struck-off', 'member.resigned') and dt.date(2012, 1, 1) <= d <= dt.date(2017, 12, 1)
                        and m not in view.readmitted and not view.current(m, dt.date(LAST_YEAR, 12, 31)) and m in view.admitted)
    for m in rng.sample(candidates, min(3, len(candidates))):
        left = view.left[m][0]
        # In 2021: the figures of the demo (2010 against 2020) stay as they were.
        d = gen.work_day_from(max(add_months(left, 37), dt.date(2021, 1, 4)) + dt.timedelta(days=rng.randrange(0, 200)))
        if d.year != LAST_YEAR - 1 or age_on(view.birth[m], d) > 60:
            continue
        cell = rng.choice([u for u in cells_ok if view.established.get(u.id, d) < d]).id
        gen.emit('member.readmitted', d, {'member': m, 'unit': cell}, decision=gen.decision(gen.issuer_of(cell), d),
                 note='Kết nạp lại sau thời gian bị xóa tên')
        conf = gen.work_day_from(add_months(d, 12) + dt.timedelta(days=rng.randrange(5, 40)))
        if conf <= dt.date(LAST_YEAR, 12, 15):
            gen.emit('member.confirmed', conf, {'member': m}, decision=gen.decision(gen.issuer_of(cell), conf))


def officers_disciplines(gen, view):
    """A handful of reprimands and warnings a few weeks before a round in
    which the member reaches a badge: the round lists them as deferred."""
    rng = random.Random(1302)
    rounds = [r for r in officer_rounds() if r.year >= 2014]
    picked = 0
    for i, r in enumerate(rounds):
        if picked >= 8:
            break
        prev = rounds[i - 1] if i else dt.date(r.year - 1, 11, 7)
        for m in view.members_on(r):
            if m not in view.admitted or rng.random() > 0.5:
                continue
            gaps = view.gaps.get(m, [])
            if any(prev < officer_reach(view.admitted[m], gaps, n) <= r for n in BADGES):
                d = gen.work_day_from(r - dt.timedelta(days=rng.randrange(20, 70)))
                if view.current(m, d) and not view.held_back(m, d):
                    pen = rng.choice(['reprimand', 'warning'])
                    gen.emit('member.disciplined', d, {'member': m, 'penalty': pen},
                             note='Vi phạm quy định về sinh hoạt đảng')
                    view.holds.setdefault(m, []).append((d, add_months(d, HOLD_MONTHS[pen])))
                    picked += 1
                    break


def officers_badges(gen, view):
    """At every round, the highest badge a member has reached and not yet
    got is awarded — except for a few members whose papers were never sent
    up (the overdue list) and members held back by a discipline."""
    rng = random.Random(1303)
    forgotten = {m for m in sorted(view.admitted) if rng.random() < 0.08}
    held = {}
    for r in officer_rounds():
        for m in view.members_on(r):
            if m not in view.admitted or m in forgotten or view.held_back(m, r):
                continue
            gaps = [g for g in view.gaps.get(m, []) if g[0] < r]
            top = held.get(m, 0)
            due = [n for n in BADGES if n > top and officer_reach(view.admitted[m], gaps, n) <= r]
            if not due:
                continue
            n = due[-1]
            held[m] = n
            gen.emit('member.awarded', r, {'member': m, 'badge': n}, decision=gen.decision('TU', r),
                     note='Trao Huy hiệu %d năm tuổi Đảng đợt %d/%d/%d' % (n, r.day, r.month, r.year))


def officers_ratings(gen, view):
    """Every member current in mid-December is rated for the year, from 2017."""
    for y in range(2017, LAST_YEAR + 1):
        d = gen.work_day_from(dt.date(y, 12, 10))
        for m in view.members_on(d):
            if (m, y) in view.rated:
                continue
            r = gen.pick([('excellent', 11), ('good', 72), ('satisfactory', 14), ('unsatisfactory', 3)])
            gen.emit('member.rated', d, {'member': m, 'year': y, 'rating': r})


def officers_additions(gen):
    # Written after each batch's own events, so that the ids and recorded
    # times of the story's events (quoted in events/README.md) stay put.
    first = len(gen.events)
    officers_gaps(gen, OfficerView(gen))
    view = OfficerView(gen)
    officers_disciplines(gen, view)
    officers_badges(gen, view)
    officers_ratings(gen, view)
    gen.appended_after = {id(e[3]) for e in gen.events[first:]}

# ---------------------------------------------------------------------------
# Places, plans and party badges (added after the simulation, so that the
# simulation's own random choices and events stay exactly as they were).
# Their own seed; their events are dated so that they fall at the end of
# their batch (places), in the batches of 2013, 2019–2021 (closures, the
# plans, a new village cell) or in the 2022 batch (the badges, typed in
# from the paper records at the end of 2022).

PLACE_RNG_SEED = 2021

# Cells organised in a place: cell (or grassroots cell) id -> place kind.
SITED_KINDS = {'village': 'village', 'school': 'school', 'health-station': 'health-station'}
SITED_GRASSROOTS = {'G04': ('school', 'TP'), 'G10': ('school', 'SL'), 'G21': ('school', 'NT'),
                    'G12': ('enterprise', 'SL'), 'G29': ('enterprise', 'SL'), 'G31': ('enterprise', 'TH'),
                    'G24': ('agency', 'KCQ'), 'G25': ('agency', 'KCQ'), 'G26': ('agency', 'KCQ')}

# Places where the party is not yet present: (place id, name, kind, responsible unit).
UNSITED_PLACES = [
    ('DB-G07-YT', 'Trạm Y tế thị trấn Sơn Lộc', 'health-station', 'G07'),
    ('DB-G08-PL', 'Thôn Phiêng Luông', 'village', 'G08'),
    ('DB-G08-TH', 'Trường Tiểu học Thượng Lộc', 'school', 'G08'),
    ('DB-G09-HS', 'Bản Huổi Sài', 'village', 'G09'),
    ('DB-G09-MN', 'Trường Mầm non Mường Khoa', 'school', 'G09'),
    ('DB-G09-YT', 'Trạm Y tế xã Mường Khoa', 'health-station', 'G09'),
    ('DB-G14-DB', 'Thôn Đồng Bến', 'village', 'G14'),
    ('DB-G14-YT', 'Trạm Y tế xã Hà Thanh', 'health-station', 'G14'),
    ('DB-G15-TH', 'Trường THCS Tân Mỹ', 'school', 'G15'),
    ('DB-G15-YT', 'Trạm Y tế xã Tân Mỹ', 'health-station', 'G15'),
    ('DB-G19-SM', 'Thôn Suối Mơ', 'village', 'G19'),
    ('DB-G19-YT', 'Trạm Y tế xã Ngọc Lâm', 'health-station', 'G19'),
    ('DB-G20-TB', 'Khu phố Thạch Bàn', 'village', 'G20'),
    ('DB-KDN-NS', 'Công ty TNHH Chế biến Nông sản Tân Hà', 'enterprise', 'KDN'),
]

BADGES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
ROUND_DAYS = [(2, 3), (5, 19), (9, 2), (11, 7)]
HOLD_MONTHS = {'reprimand': 6, 'warning': 9, 'dismissal': 12}


def place_name(cell_name):
    """`Chi bộ thôn Nà Pheo` -> `Thôn Nà Pheo`."""
    n = cell_name[len('Chi bộ '):] if cell_name.startswith('Chi bộ ') else cell_name
    return n[0].upper() + n[1:]


def add_places(g):
    """Registers the places of the communes and agencies at the end of 2008,
    organises the existing cells in them, closes the places that cease, and
    organises a new (still empty) village cell in 2021."""
    d = dt.date(2008, 12, 26)
    note = 'Rà soát, đăng ký địa bàn dân cư, trường học, trạm y tế, cơ quan, doanh nghiệp'
    sited = []   # (place id, cell id)
    for gid, name, kind, cat, parent, weight, cells in GRASSROOTS:
        for suf, cname, ccat, cw in cells:
            pk = SITED_KINDS.get(ccat or cat) if cat == 'commune' else None
            if pk:
                sited.append(('DB-%s-%s' % (gid, suf), place_name(cname), pk, gid, '%s-%s' % (gid, suf)))
        if gid in SITED_GRASSROOTS:
            pk, owner = SITED_GRASSROOTS[gid]
            sited.append(('DB-%s' % gid, place_name(name), pk, owner, gid))
    for pid, pname, pk, owner, _ in sited:
        g.emit('place.registered', d, {'place': pid, 'name': pname, 'kind': pk, 'unit': owner}, note=note)
    for pid, pname, pk, owner in UNSITED_PLACES:
        g.emit('place.registered', d, {'place': pid, 'name': pname, 'kind': pk, 'unit': owner}, note=note)
    for pid, _, _, _, uid in sited:
        g.emit('unit.reclassified', d, {'unit': uid, 'place': pid})
    # The forestry enterprise closed in 2013; thôn Pác Vài merged into Khuổi Nặm in 2019.
    g.emit('place.closed', dt.date(2013, 6, 28), {'place': 'DB-G12'}, note='Lâm trường giải thể')
    g.emit('place.closed', dt.date(2019, 3, 5), {'place': 'DB-G08-C4'}, decision=g.decision('SL', dt.date(2019, 3, 5)),
           note='Sáp nhập thôn Pác Vài vào thôn Khuổi Nặm')
    # A cell for thôn Phiêng Luông, its members still to be transferred in.
    g.emit('unit.established', dt.date(2021, 6, 15),
           {'unit': 'G08-C6', 'name': 'Chi bộ thôn Phiêng Luông', 'kind': 'cell', 'parent': 'G08', 'place': 'DB-G08-PL'},
           decision=g.decision('SL', dt.date(2021, 6, 15)), note='Thành lập chi bộ thôn, chuẩn bị chuyển sinh hoạt đảng viên về')


def add_plans(g):
    """The province's 2021–2025 resolution and Sơn Lộc's, adopted at their
    congresses in October 2020, with targets scaled to the sample."""
    retracted = {id(e[3]['target']) for e in g.events if e[3]['type'] == 'event.retracted'}
    def admissions(years, region=None):
        n = sum(1 for b, eff, i, ev in g.events if ev['type'] == 'member.admitted' and id(ev) not in retracted
                and eff.year in years and (region is None or g.issuer_of(ev['unit']) == region))
        return n / len(years)
    yearly = admissions([2018, 2019, 2020])
    province = [
        {'indicator': 'admissions', 'min': str(int(yearly * 0.95)), 'max': str(int(yearly * 1.15) + 1)},
        {'indicator': 'members-growth', 'min': '1.5'},
        {'indicator': 'grassroots-good-or-better', 'min': '90'},
        {'indicator': 'grassroots-excellent', 'min': '20'},
        {'indicator': 'grassroots-weak', 'max': '0.5'},
        {'indicator': 'members-good-or-better', 'min': '84'},
        {'indicator': 'members-unsatisfactory', 'max': '2'},
        {'indicator': 'places-with-cell:village', 'min': '93'},
        {'indicator': 'places-with-members:village', 'min': '100'},
        {'indicator': 'places-with-cell:health-station', 'min': '100'},
        {'indicator': 'places-with-cell:school', 'min': '80'},
    ]
    g.emit('plan.adopted', dt.date(2020, 10, 16),
           {'plan': 'NQ-DH-XX', 'unit': 'TU', 'name': 'Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2020–2025',
            'from': 2021, 'to': 2025, 'targets': province}, decision='01-NQ/ĐH')
    sl = admissions([2018, 2019, 2020], 'SL')
    district = [
        {'indicator': 'admissions', 'min': str(max(1, round(sl)))},
        {'indicator': 'members', 'min': '70'},
        {'indicator': 'places-with-cell:village', 'min': '100'},
        {'indicator': 'places-with-members:village', 'min': '100'},
        {'indicator': 'grassroots-weak', 'max': '0'},
    ]
    g.emit('plan.adopted', dt.date(2020, 8, 21),
           {'plan': 'NQ-SL-2025', 'unit': 'SL', 'name': 'Nghị quyết Đại hội Đảng bộ huyện Sơn Lộc, nhiệm kỳ 2020–2025',
            'from': 2021, 'to': 2025, 'targets': district}, decision='01-NQ/ĐH')


def add_badges(g):
    """(A minimal set, so that the catalogue has a real `member.awarded`
    line: the officers' badge rounds supersede it — keep only one of the
    two, or every badge is awarded twice and the checker refuses it.)

    Party badges of the members on the books since 2008, at the first
    round on or after they reach 30, 40, 45, … years of party age; badges
    reached before 2008 as held on 1 January 2008. A few are left out (not
    yet awarded) and none is given while a discipline holds it back."""
    rng = random.Random(PLACE_RNG_SEED)
    retracted = {id(e[3]['target']) for e in g.events if e[3]['type'] == 'event.retracted'}
    evs = [e for e in g.events if id(e[3]) not in retracted and e[3]['type'] != 'event.retracted']
    left = {}
    holds = {}
    for b, eff, i, ev in evs:
        if ev['type'] in ('member.expelled', 'member.struck-off', 'member.resigned', 'member.died', 'member.transferred-out'):
            left[ev['member']] = min(left.get(ev['member'], eff), eff)
        if ev['type'] == 'member.disciplined':
            holds.setdefault(ev['member'], []).append((eff, add_months(eff, HOLD_MONTHS[ev['penalty']])))
    end = dt.date(LAST_YEAR, 12, 20)
    round_decision = {}    # one decision of the Standing Committee per round
    for b, eff, i, ev in sorted(evs, key=lambda e: (e[1], e[2])):
        if ev['type'] != 'member.registered' or eff != OPENING or 'admitted' not in ev:
            continue
        mid, admitted = ev['member'], parse_date(ev['admitted'])
        for n in BADGES:
            reach = add_months(admitted, 12 * n)
            if reach > end:
                break
            if reach < OPENING:
                day, note = OPENING, 'Huy hiệu trao trước khi lập sổ, nhập bổ sung'
            else:
                day = min(dt.date(y, m, dd) for y in (reach.year, reach.year + 1) for m, dd in ROUND_DAYS
                          if dt.date(y, m, dd) >= reach)
                note = None
            if day > end or (mid in left and day >= left[mid]):
                break
            if any(a <= day < u for a, u in holds.get(mid, [])) or rng.random() < 0.08:
                continue
            if not note and day not in round_decision:
                round_decision[day] = g.decision('TU', day)
            g.emit('member.awarded', day, {'member': mid, 'badge': n}, batch=LAST_YEAR, note=note,
                   decision=None if note else round_decision[day])


def add_places_and_plans(g):
    add_places(g)
    add_plans(g)


# ---------------------------------------------------------------------------
# Independent checker: replays the files the way docs/RULES.md says a ledger does.


# Independent checker: replays the files the way docs/RULES.md says a ledger does.

COMMON_REQ = {'id', 'type', 'effective'}
COMMON_OPT = {'recorded', 'actor', 'decision', 'note'}
SCHEMA = {
    'unit.established': ({'unit', 'name', 'kind'}, {'category', 'parent', 'place'}),
    'unit.renamed': ({'unit', 'name'}, set()),
    'unit.reclassified': ({'unit'}, {'kind', 'category', 'place'}),
    'unit.moved': ({'unit', 'parent'}, set()),
    'unit.merged': ({'units', 'into'}, set()),
    'unit.dissolved': ({'unit'}, set()),
    'unit.rated': ({'unit', 'year', 'rating'}, set()),
    'member.registered': ({'member', 'unit', 'person', 'status'}, {'admitted', 'education', 'theory'}),
    'member.admitted': ({'member', 'unit', 'person'}, {'education', 'theory'}),
    'member.readmitted': ({'member', 'unit'}, set()),
    'member.confirmed': ({'member'}, set()),
    'member.transferred': ({'member', 'unit'}, set()),
    'member.transferred-in': ({'member', 'unit', 'person', 'status'}, {'admitted', 'from', 'education', 'theory'}),
    'member.transferred-out': ({'member'}, {'to'}),
    'member.expelled': ({'member'}, set()),
    'member.struck-off': ({'member', 'reason'}, set()),
    'member.resigned': ({'member'}, set()),
    'member.died': ({'member'}, set()),
    'member.disciplined': ({'member', 'penalty'}, set()),
    'member.rated': ({'member', 'year', 'rating'}, set()),
    'member.updated': ({'member'}, {'name', 'gender', 'ethnicity', 'religion', 'birthDate', 'education', 'theory'}),
    'member.exempted': ({'member'}, set()),
    'member.exemption-ended': ({'member'}, set()),
    'member.awarded': ({'member', 'badge'}, set()),
    'event.retracted': ({'target', 'reason'}, set()),
    'member.awarded': ({'member', 'badge'}, set()),
    'place.registered': ({'place', 'name', 'kind', 'unit'}, set()),
    'place.closed': ({'place'}, set()),
    'plan.adopted': ({'plan', 'unit', 'name', 'from', 'to', 'targets'}, set()),
}
PLACE_KINDS = {'village', 'school', 'health-station', 'agency', 'enterprise', 'other'}
INDICATORS = {'admissions', 'members', 'members-growth', 'grassroots-good-or-better', 'grassroots-excellent',
              'grassroots-weak', 'members-good-or-better', 'members-excellent', 'members-unsatisfactory'} | {
    '%s:%s' % (p, k) for p in ('places-with-cell', 'places-with-members') for k in PLACE_KINDS}
KINDS = {'committee', 'grassroots-committee', 'grassroots-cell', 'sub-committee', 'cell'}
CATEGORIES = {'party-agency', 'administration', 'public-service', 'press', 'mass-organization',
              'state-enterprise', 'state-minority-enterprise', 'private-enterprise',
              'foreign-invested-enterprise', 'commune', 'village', 'school', 'health-station',
              'armed-forces', 'police', 'other'}
UNIT_RATINGS = {'clean-strong-exemplary', 'clean-strong', 'excellent', 'good', 'satisfactory',
                'unsatisfactory', 'weak'}
MEMBER_RATINGS = {'excellent', 'good', 'satisfactory', 'unsatisfactory'}
REASONS = {'abandoned-activities', 'not-transferred', 'probation-not-confirmed', 'other'}
PENALTIES = {'reprimand', 'warning', 'dismissal'}
EDUS = set(EDU_ORDER)
THEORIES = set(THEORY_ORDER)
REMOVALS = {'member.expelled', 'member.struck-off', 'member.resigned', 'member.died', 'member.transferred-out'}


class CheckError(Exception):
    pass


def need(cond, ev, msg):
    if not cond:
        raise CheckError('%s:%d (%s) %s %s: %s' % (ev['_file'], ev['_line'], ev['id'], ev['type'],
                                                   ev.get('member') or ev.get('unit') or ev.get('target') or '',
                                                   msg))


def valid_date(s):
    try:
        return len(s) == 10 and parse_date(s).isoformat() == s
    except (ValueError, TypeError):
        return False


def check_shape(ev):
    t = ev.get('type')
    need(t in SCHEMA, ev, 'unknown type')
    req, opt = SCHEMA[t]
    keys = set(ev) - {'_file', '_line', '_seq'}
    need(COMMON_REQ | req <= keys, ev, 'missing %s' % sorted(COMMON_REQ | req - keys))
    need(keys <= COMMON_REQ | COMMON_OPT | req | opt, ev, 'unknown fields %s' % sorted(keys - COMMON_REQ - COMMON_OPT - req - opt))
    need(isinstance(ev['id'], str) and 1 <= len(ev['id']) <= 128, ev, 'bad id')
    need(valid_date(ev['effective']), ev, 'bad effective')
    for k in ('actor', 'decision', 'note', 'name', 'reason', 'to', 'from', 'target', 'unit', 'member', 'parent', 'into',
              'place', 'plan'):
        if k in ev and not (t == 'plan.adopted' and k in ('from', 'to')):
            need(isinstance(ev[k], str) and ev[k], ev, 'field %s must be a non-empty string' % k)
    if 'recorded' in ev:
        r = ev['recorded']
        ok = isinstance(r, str) and len(r) == 20 and r.endswith('Z') and r[10] == 'T'
        if ok:
            try:
                dt.datetime.strptime(r, '%Y-%m-%dT%H:%M:%SZ')
            except ValueError:
                ok = False
        need(ok, ev, 'recorded must be RFC 3339 UTC')
    if 'kind' in ev:
        need(ev['kind'] in (PLACE_KINDS if t == 'place.registered' else KINDS), ev, 'bad kind')
    if 'category' in ev:
        need(ev['category'] in CATEGORIES, ev, 'bad category')
    if t == 'unit.reclassified':
        need('kind' in ev or 'category' in ev or 'place' in ev, ev, 'reclassified needs kind, category or place')
    if t == 'member.awarded':
        need(isinstance(ev['badge'], int) and not isinstance(ev['badge'], bool), ev, 'badge must be an integer')
    if t == 'plan.adopted':
        need(all(isinstance(ev[k], int) and not isinstance(ev[k], bool) for k in ('from', 'to')), ev, 'from/to must be integers')
        ts = ev['targets']
        need(isinstance(ts, list) and ts, ev, 'targets must be a non-empty array')
        for x in ts:
            need(isinstance(x, dict) and 'indicator' in x and set(x) <= {'indicator', 'min', 'max'}, ev, 'bad target')
            for k in ('min', 'max'):
                if k in x:
                    v = x[k]
                    ok = isinstance(v, str) and v and v.split('.')[0].isdigit() and v.count('.') <= 1 and \
                        (('.' not in v) or (1 <= len(v.split('.')[1]) <= 2 and v.split('.')[1].isdigit()))
                    need(ok, ev, 'bad decimal %r' % v)
    if t == 'unit.rated':
        need(ev['rating'] in UNIT_RATINGS and isinstance(ev['year'], int), ev, 'bad unit rating')
    if t == 'member.rated':
        need(ev['rating'] in MEMBER_RATINGS and isinstance(ev['year'], int), ev, 'bad member rating')
    if t == 'unit.merged':
        need(isinstance(ev['units'], list) and ev['units'] and all(isinstance(u, str) for u in ev['units']),
             ev, 'units must be a non-empty array')
    if 'status' in ev:
        need(ev['status'] in ('full', 'probationary'), ev, 'bad status')
    if 'admitted' in ev:
        need(valid_date(ev['admitted']), ev, 'bad admitted')
    if 'birthDate' in ev:
        need(valid_date(ev['birthDate']), ev, 'bad birthDate')
    if 'gender' in ev:
        need(ev['gender'] in ('male', 'female'), ev, 'bad gender')
    if 'education' in ev:
        need(ev['education'] in EDUS, ev, 'bad education')
    if 'theory' in ev:
        need(ev['theory'] in THEORIES, ev, 'bad theory')
    if 'reason' in ev and t == 'member.struck-off':
        need(ev['reason'] in REASONS, ev, 'bad reason')
    if 'penalty' in ev:
        need(ev['penalty'] in PENALTIES, ev, 'bad penalty')
    if 'person' in ev:
        p = ev['person']
        need(isinstance(p, dict) and {'name', 'birthDate', 'gender'} <= set(p)
             and set(p) <= {'name', 'birthDate', 'gender', 'ethnicity', 'religion'}, ev, 'bad person')
        need(valid_date(p['birthDate']) and p['gender'] in ('male', 'female'), ev, 'bad person fields')
    if t == 'member.updated':
        need(len(set(ev) & SCHEMA[t][1]) >= 1, ev, 'update changes nothing')


class Replay:
    """State of the organisation while the timeline is applied in order."""

    def __init__(self):
        self.units = {}      # id -> dict(kind, parent, active, category, name)
        self.members = {}    # id -> dict(...)
        self.places = {}     # id -> dict(kind, unit, open)
        self.plans = set()
        self.badges = {}     # member -> {badge}
        self.party = {}      # member -> dict(admitted, gaps, gap_from)

    def active(self, uid):
        return uid in self.units and self.units[uid]['active']

    def subtree(self, uid):
        out = {uid}
        grew = True
        while grew:
            grew = False
            for k, u in self.units.items():
                if u['active'] and u['parent'] in out and k not in out:
                    out.add(k)
                    grew = True
        return out

    def holds_members(self, uid):
        return any(m['current'] and m['cell'] == uid for m in self.members.values())

    def category(self, uid):
        while uid:
            u = self.units[uid]
            if u['category']:
                return u['category']
            uid = u['parent']
        return None

    def apply(self, ev):
        t = ev['type']
        d = parse_date(ev['effective'])
        if t in ('place.registered', 'place.closed', 'plan.adopted', 'member.awarded') or 'place' in ev:
            self.apply_places_plans_badges(ev, t, d)
        if t.startswith('unit.'):
            self.apply_unit(ev, t, d)
        elif t.startswith('member.') and t != 'member.awarded':
            self.apply_member(ev, t, d)
            self.track_party_age(ev, t, d)

    def apply_unit(self, ev, t, d):
        uid = ev.get('unit')
        if t == 'unit.established':
            need(uid not in self.units, ev, 'unit id already used')
            if 'parent' in ev:
                need(self.active(ev['parent']), ev, 'parent not active')
            else:
                need(not any(u['parent'] is None for u in self.units.values()), ev, 'a second root')
            self.units[uid] = {'kind': ev['kind'], 'parent': ev.get('parent'), 'active': True,
                               'category': ev.get('category'), 'name': ev['name'], 'place': ev.get('place')}
            return
        if t == 'unit.merged':
            into = ev['into']
            need(self.active(into), ev, 'into not active')
            for u in ev['units']:
                need(self.active(u), ev, 'merged unit %s not active' % u)
                need(u != into and into not in self.subtree(u), ev, 'merger into own subtree')
                if self.holds_members(u):
                    need(self.units[into]['kind'] in CELL_KINDS, ev, 'members need a cell to merge into')
            for u in ev['units']:
                for m in self.members.values():
                    if m['current'] and m['cell'] == u:
                        m['cell'] = into
                for k, x in self.units.items():
                    if x['active'] and x['parent'] == u:
                        x['parent'] = into
                self.units[u]['active'] = False
            return
        need(self.active(uid), ev, 'unit not active')
        u = self.units[uid]
        if t == 'unit.renamed':
            u['name'] = ev['name']
        elif t == 'unit.reclassified':
            if 'kind' in ev:
                need(ev['kind'] in CELL_KINDS or not self.holds_members(uid), ev, 'a unit holding members stays a cell')
                u['kind'] = ev['kind']
            if 'category' in ev:
                u['category'] = ev['category']
            if 'place' in ev:
                u['place'] = ev['place']
        elif t == 'unit.moved':
            need(self.active(ev['parent']), ev, 'parent not active')
            need(ev['parent'] not in self.subtree(uid), ev, 'would become its own ancestor')
            u['parent'] = ev['parent']
        elif t == 'unit.dissolved':
            need(not self.holds_members(uid), ev, 'still has members')
            need(not any(x['active'] and x['parent'] == uid for x in self.units.values()), ev, 'still has sub-units')
            u['active'] = False
        elif t == 'unit.rated':
            pass

    # -- places, plans, badges (the rules of docs/RULES.md), checked before
    #    the unit or member part of the same event is applied
    def apply_places_plans_badges(self, ev, t, d):
        if t == 'place.registered':
            need(ev['place'] not in self.places, ev, 'place id already used')
            need(self.active(ev['unit']), ev, 'place.registered: unit not active')
            self.places[ev['place']] = {'kind': ev['kind'], 'unit': ev['unit'], 'open': True}
        elif t == 'place.closed':
            p = self.places.get(ev['place'])
            need(p is not None and p['open'], ev, 'place.closed: not an open place')
            need(not any(u['active'] and u.get('place') == ev['place'] for u in self.units.values()), ev,
                 'place.closed: an active unit is organised in it')
            p['open'] = False
        elif t == 'plan.adopted':
            need(ev['plan'] not in self.plans and self.active(ev['unit']), ev, 'plan id used or unit not active')
            need(ev['from'] <= ev['to'], ev, 'from after to')
            for x in ev['targets']:
                need(x['indicator'] in INDICATORS, ev, 'unknown indicator %s' % x['indicator'])
                need('min' in x or 'max' in x, ev, 'a target without bounds')
                if 'min' in x and 'max' in x:
                    need(float(x['min']) <= float(x['max']), ev, 'min above max')
            self.plans.add(ev['plan'])
        elif t == 'member.awarded':
            m = self.members.get(ev['member'])
            need(m is not None and m['current'], ev, 'award to a member who is not current')
            need(ev['badge'] in BADGES, ev, 'not a badge')
            held = self.badges.setdefault(ev['member'], set())
            need(ev['badge'] not in held, ev, 'badge already held')
            pa = self.party.get(ev['member'])
            if pa and pa['admitted']:
                reach = add_months(pa['admitted'], 12 * ev['badge'])
                for g0, g1 in pa['gaps']:
                    if g0 < reach:
                        reach += g1 - g0
                need(d >= add_months(reach, -24), ev, 'award earlier than 24 months before %s' % reach)
            held.add(ev['badge'])
        else:   # a unit event naming a place
            p = self.places.get(ev['place'])
            need(p is not None and p['open'], ev, 'unit names a place that is not open')

    def track_party_age(self, ev, t, d):
        """Admission date and gaps out of the party, for the badge rule."""
        mid = ev.get('member')
        if t == 'member.admitted':
            self.party[mid] = {'admitted': d, 'gaps': [], 'gap_from': None}
        elif t in ('member.registered', 'member.transferred-in'):
            pa = self.party.setdefault(mid, {'admitted': None, 'gaps': [], 'gap_from': None})
            if 'admitted' in ev:
                pa['admitted'] = parse_date(ev['admitted'])
        if t in ('member.expelled', 'member.struck-off', 'member.resigned'):
            self.party[mid]['gap_from'] = d
        elif t in ('member.readmitted', 'member.transferred-in'):
            pa = self.party[mid]
            if pa['gap_from'] is not None:
                pa['gaps'].append((pa['gap_from'], d))
                pa['gap_from'] = None
        elif t in ('member.died', 'member.transferred-out'):
            self.party[mid]['gap_from'] = None

    def need_cell(self, ev, uid):
        need(self.active(uid) and self.units[uid]['kind'] in CELL_KINDS, ev, 'unit %s is not an active cell' % uid)

    def apply_member(self, ev, t, d):
        mid = ev['member']
        m = self.members.get(mid)
        if t in ('member.registered', 'member.admitted'):
            need(m is None, ev, 'member id already seen')
            self.need_cell(ev, ev['unit'])
            birth = parse_date(ev['person']['birthDate'])
            if t == 'member.admitted':
                a = age_on(birth, d)
                need(18 <= a <= 60 or (a > 60 and 'decision' in ev), ev, 'admission age %d' % a)
                start = d
                status = 'probationary'
            else:
                status = ev['status']
                start = parse_date(ev['admitted']) if 'admitted' in ev else d
                if 'admitted' in ev:
                    need(parse_date(ev['admitted']) <= d and age_on(birth, parse_date(ev['admitted'])) >= 18,
                         ev, 'implausible admitted date')
                    if status == 'full':
                        need(add_months(parse_date(ev['admitted']), 12) <= d, ev, 'full member admitted < 12 months ago')
            self.members[mid] = {'cell': ev['unit'], 'status': status, 'start': start, 'current': True,
                                 'exempt': False, 'left': None, 'readmitted': False, 'person': dict(ev['person']),
                                 'education': ev.get('education'), 'theory': ev.get('theory')}
            return
        if t == 'member.transferred-in':
            need(m is None or not m['current'], ev, 'member already current')
            self.need_cell(ev, ev['unit'])
            start = parse_date(ev['admitted']) if 'admitted' in ev else d
            need(start <= d and age_on(parse_date(ev['person']['birthDate']), start) >= 18, ev,
                 'implausible admitted date')
            rec = {'cell': ev['unit'], 'status': ev['status'], 'start': start, 'current': True,
                   'exempt': False, 'left': None, 'readmitted': m['readmitted'] if m else False,
                   'person': dict(ev['person']), 'education': ev.get('education'), 'theory': ev.get('theory')}
            self.members[mid] = rec
            return
        if t == 'member.readmitted':
            need(m is not None and not m['current'], ev, 'not a former member')
            need(not m['readmitted'], ev, 'already readmitted once')
            need(d >= add_months(m['left'], 36), ev, 'left %s, readmission needs 36 months' % m['left'])
            self.need_cell(ev, ev['unit'])
            a = age_on(parse_date(m['person']['birthDate']), d)
            need(18 <= a <= 60 or 'decision' in ev, ev, 'readmission age %d' % a)
            m.update(cell=ev['unit'], status='probationary', start=d, current=True, exempt=False, readmitted=True)
            return
        need(m is not None and m['current'], ev, 'not a current member')
        if t == 'member.confirmed':
            need(m['status'] == 'probationary', ev, 'not probationary')
            need(d >= add_months(m['start'], 12), ev, 'probation began %s; needs 12 months' % m['start'])
            m['status'] = 'full'
        elif t == 'member.transferred':
            self.need_cell(ev, ev['unit'])
            need(ev['unit'] != m['cell'], ev, 'transfer to the same cell')
            m['cell'] = ev['unit']
        elif t in REMOVALS:
            if t == 'member.expelled':
                need(m['status'] == 'full', ev, 'only a full member can be expelled')
            m.update(current=False, exempt=False, left=d)
        elif t == 'member.disciplined':
            if ev['penalty'] == 'dismissal':
                need(m['status'] == 'full', ev, 'dismissal only for a full member')
        elif t == 'member.exempted':
            need(not m['exempt'], ev, 'already exempted')
            m['exempt'] = True
        elif t == 'member.exemption-ended':
            need(m['exempt'], ev, 'not exempted')
            m['exempt'] = False
        elif t == 'member.updated':
            for k in ('name', 'gender', 'ethnicity', 'religion', 'birthDate'):
                if k in ev:
                    m['person'][k] = ev[k]
            for k in ('education', 'theory'):
                if k in ev:
                    m[k] = ev[k]
        elif t == 'member.rated':
            pass
        elif t == 'member.awarded':
            need(ev['badge'] in BADGES, ev, 'not a badge')
            need(ev['badge'] not in m.setdefault('badges', set()), ev, 'badge already held')
            m['badges'].add(ev['badge'])


def load(paths):
    events = []
    for p in paths:
        with open(p, encoding='utf-8') as f:
            raw = f.read()
        assert raw.endswith('\n') and '\r' not in raw, p
        for i, line in enumerate(raw.split('\n')[:-1], 1):
            ev = json.loads(line)
            ev['_file'], ev['_line'] = os.path.basename(p), i
            events.append(ev)
    return events


def timeline(events):
    retracted = {e['target'] for e in events if e['type'] == 'event.retracted'}
    tl = [e for e in events if e['type'] != 'event.retracted' and e['id'] not in retracted]
    return sorted(tl, key=lambda e: (e['effective'], e['_seq']))


def replay(events, until=None):
    r = Replay()
    for ev in timeline(events):
        if until and ev['effective'] > until:
            break
        r.apply(ev)
    return r


def snapshot(events, at):
    r = replay(events, at)
    cur = [m for m in r.members.values() if m['current']]
    d = parse_date(at)
    ages = [age_on(parse_date(m['person']['birthDate']), d) for m in cur]
    return {
        'total': len(cur),
        'full': sum(m['status'] == 'full' for m in cur),
        'probationary': sum(m['status'] == 'probationary' for m in cur),
        'exempted': sum(m['exempt'] for m in cur),
        'graduates': sum(m['education'] in ('university', 'postgraduate') for m in cur),
        'education': Counter(m['education'] or 'unknown' for m in cur),
        'theory': Counter(m['theory'] or 'unknown' for m in cur),
        'female': sum(m['person']['gender'] == 'female' for m in cur),
        'ethnicity': Counter(m['person'].get('ethnicity', 'unknown') for m in cur),
        'religion': Counter(m['person'].get('religion', 'unknown') for m in cur),
        'age_mean': sum(ages) / len(ages),
        'grassroots': sum(u['active'] and u['kind'] in GRASSROOTS_KINDS for u in r.units.values()),
        'cells': sum(u['active'] and u['kind'] in CELL_KINDS for u in r.units.values()),
    }


def check():
    paths = sorted(glob.glob(os.path.join(OUT_DIR, 'batch-*.jsonl')))
    assert [os.path.basename(p) for p in paths] == ['batch-%d.jsonl' % y for y in range(FIRST_YEAR, LAST_YEAR + 1)], paths
    events = load(paths)
    now = dt.datetime.utcnow().strftime('%Y-%m-%dT%H:%M:%SZ')
    ids = {}
    last_rec = ''
    for seq, ev in enumerate(events, 1):
        ev['_seq'] = seq
        check_shape(ev)
        need(ev['id'] not in ids, ev, 'duplicate id')
        ids[ev['id']] = ev
        need('recorded' in ev and ev['recorded'] >= last_rec, ev, 'recorded earlier than the previous line')
        need(ev['recorded'] <= now, ev, 'recorded in the future')
        last_rec = ev['recorded']
    # retractions: an existing, earlier, not yet retracted, non-retraction event
    seen_targets = set()
    for ev in events:
        if ev['type'] == 'event.retracted':
            tgt = ids.get(ev['target'])
            need(tgt is not None and tgt['_seq'] < ev['_seq'], ev, 'target does not exist yet')
            need(tgt['type'] != 'event.retracted', ev, 'a retraction cannot be retracted')
            need(ev['target'] not in seen_targets, ev, 'already retracted')
            seen_targets.add(ev['target'])
    # every batch appended in turn must leave a valid timeline
    for p in paths:
        name = os.path.basename(p)
        upto = events[:max(e['_seq'] for e in events if e['_file'] == name)]
        replay(upto)
        # the retracted events themselves must not be needed: done by replay(timeline)
    # what the sample promises to contain
    types = Counter(e['type'] for e in events)
    missing = sorted(set(SCHEMA) - set(types))
    assert not missing, 'types never used: %s' % missing
    reasons = Counter(e['reason'] for e in events if e['type'] == 'member.struck-off')
    assert set(reasons) == REASONS, reasons
    penalties = Counter(e['penalty'] for e in events if e['type'] == 'member.disciplined')
    assert set(penalties) == PENALTIES, penalties
    late = [e for e in events if e['type'] == 'member.confirmed' and int(e['_file'][6:10]) > int(e['effective'][:4])]
    assert late, 'no back-dated confirmation'
    births = {}
    old = []
    for e in timeline(events):
        if 'person' in e:
            births[e['member']] = parse_date(e['person']['birthDate'])
        if e['type'] == 'member.admitted' and age_on(births[e['member']], parse_date(e['effective'])) > 60:
            old.append(e)
    assert old and all('decision' in e for e in old), 'no admission over 60 with a decision'
    assert any(e['type'] == 'member.registered' and e['status'] == 'probationary' and 'admitted' in e for e in events)
    assert any(e['type'] == 'unit.reclassified' and e.get('kind') == 'grassroots-committee' for e in events)
    assert any(e['type'] == 'unit.moved' and e['effective'].startswith('2020') for e in events)
    assert 2000 <= len(events) <= 6000, len(events)
    # the story
    print('%d events in %d batches, last recorded %s' % (len(events), len(paths), last_rec))
    for t in sorted(SCHEMA):
        print('  %-24s %5d' % (t, types[t]))
    print('  struck-off by reason: %s' % dict(sorted(reasons.items())))
    print('  penalties: %s' % dict(sorted(penalties.items())))
    print('  back-dated confirmations (in a later year\'s batch): %d' % len(late))
    for at in ('2008-01-01', '2010-12-31', '2015-12-31', '2020-12-31', '2022-12-31'):
        s = snapshot(events, at)
        print('%s: %d members (%d full, %d probationary, %d exempted), university+postgraduate %d (%.0f %%), '
              'female %d, mean age %.1f, %d grassroots, %d cells'
              % (at, s['total'], s['full'], s['probationary'], s['exempted'], s['graduates'],
                 100.0 * s['graduates'] / s['total'], s['female'], s['age_mean'], s['grassroots'], s['cells']))
        print('    education %s' % dict(sorted(s['education'].items())))
        print('    theory    %s' % dict(sorted(s['theory'].items())))
        if at in ('2010-12-31', '2020-12-31'):
            print('    ethnicity %s' % dict(s['ethnicity'].most_common()))
            print('    religion  %s' % dict(s['religion'].most_common()))
    for at in ('2010-12-31', '2020-12-31'):
        s = snapshot(events, at)
        assert 300 <= s['total'] <= 450
    # every example line in the catalogue must be a real line of the sample
    readme = os.path.join(REPO, 'events', 'README.md')
    if os.path.exists(readme):
        lines = set()
        for p in paths:
            with open(p, encoding='utf-8') as f:
                lines.update(f.read().split('\n'))
        with open(readme, encoding='utf-8') as f:
            examples = [l for l in f.read().split('\n') if l.startswith('{"id": ')]
        bad = [l[:60] for l in examples if l not in lines]
        assert not bad, 'README examples not in the sample: %s' % bad
        print('README: %d example lines, all found in the sample' % len(examples))
    print('OK: every batch, appended in turn, satisfies the rules of docs/RULES.md')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--check', action='store_true', help='replay events/sample and check the rules')
    args = ap.parse_args()
    if args.check:
        try:
            check()
        except CheckError as e:
            print('FAILED: %s' % e, file=sys.stderr)
            sys.exit(1)
        return
    g = Gen().run()
    add_places_and_plans(g)
    officers_additions(g)
    g.write()
    n = sum(1 for _ in g.events)
    print('wrote %d events to %s' % (n, os.path.relpath(OUT_DIR, os.getcwd())))


if __name__ == '__main__':
    main()
